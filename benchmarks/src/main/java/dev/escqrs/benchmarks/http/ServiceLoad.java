package dev.escqrs.benchmarks.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The example service under load, as a user runs it: its own JVM ({@code Main}, development auth, the access log on),
 * driven over HTTP by {@code clients} concurrent clients. Each client owns one post: {@code PUT} retitles it with
 * the version it last saw (every answer is a 200), {@code GET} reads it. Each operation runs for a warm-up and then
 * for the measured time; prints requests/s, p50 and p99 (ms) per operation as JSON.
 *
 * <pre>java ... ServiceLoad CLASSPATH SECONDS CLIENTS [--store dynamodb --endpoint URL ...]</pre>
 */
public final class ServiceLoad {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceLoad() {}

    public static void main(String[] args) throws Exception {
        String classPath = args[0];
        Duration measured = Duration.ofSeconds(Long.parseLong(args[1]));
        int clients = Integer.parseInt(args[2]);
        try (ExampleProcess service =
                ExampleProcess.start(classPath, List.of(), Arrays.asList(args).subList(3, args.length))) {
            ObjectNode result = JSON.createObjectNode();
            result.put("clients", clients);
            result.put("seconds", measured.toSeconds());
            result.set("ops", new Load(service.base(), service.token(), clients).run(measured));
            System.out.println(result);
        }
    }

    private static final class Load {
        private final HttpClient http = HttpClient.newBuilder()
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        private final String base;
        private final String token;
        private final String[] ids;
        private final long[] versions;

        Load(String base, String token, int clients) throws Exception {
            this.base = base;
            this.token = token;
            this.ids = new String[clients];
            this.versions = new long[clients];
            for (int c = 0; c < clients; c++) {
                HttpResponse<String> created = send(
                        HttpRequest.newBuilder(URI.create(base + "/posts"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"post " + c + "\"}")),
                        201);
                ids[c] = JSON.readTree(created.body()).get("id").asText();
                versions[c] = 1;
            }
        }

        ObjectNode run(Duration measured) throws Exception {
            ObjectNode ops = JSON.createObjectNode();
            Duration warmUp = Duration.ofSeconds(Math.max(2, measured.toSeconds() / 3));
            for (String op : List.of("GET", "PUT")) {
                phase(op, warmUp);
                long[][] latencies = phase(op, measured);
                long[] all = Arrays.stream(latencies)
                        .flatMapToLong(Arrays::stream)
                        .sorted()
                        .toArray();
                ObjectNode o = ops.putObject(op);
                o.put("requests", all.length);
                o.put("rps", all.length / (double) measured.toMillis() * 1000);
                o.put("p50Ms", percentile(all, 0.50) / 1e6);
                o.put("p99Ms", percentile(all, 0.99) / 1e6);
            }
            return ops;
        }

        /** Every client sends {@code op} back to back for {@code time}; the latencies (ns) per client. */
        private long[][] phase(String op, Duration time) throws Exception {
            long until = System.nanoTime() + time.toNanos();
            long[][] latencies = new long[ids.length][];
            List<CompletableFuture<Void>> running = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < ids.length; c++) {
                    int client = c;
                    running.add(CompletableFuture.runAsync(() -> latencies[client] = client(op, client, until), pool));
                }
                CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
                        .get();
            }
            return latencies;
        }

        private long[] client(String op, int c, long until) {
            long[] taken = new long[1024];
            int n = 0;
            while (System.nanoTime() < until) {
                HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(base + "/posts/" + ids[c] + (op.equals("PUT") ? "/title" : "")));
                if (op.equals("PUT")) {
                    request.PUT(HttpRequest.BodyPublishers.ofString("{\"title\": \"v" + (versions[c] + 1) + "\"}"))
                            .header("If-Match", "\"" + versions[c] + "\"");
                }
                long start = System.nanoTime();
                send(request, 200);
                long took = System.nanoTime() - start;
                if (op.equals("PUT")) {
                    versions[c]++;
                }
                if (n == taken.length) {
                    taken = Arrays.copyOf(taken, n * 2);
                }
                taken[n++] = took;
            }
            return Arrays.copyOf(taken, n);
        }

        private HttpResponse<String> send(HttpRequest.Builder request, int expected) {
            try {
                HttpResponse<String> response = http.send(
                        request.header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != expected) {
                    throw new IllegalStateException(
                            "expected %d, got %d: %s".formatted(expected, response.statusCode(), response.body()));
                }
                return response;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
