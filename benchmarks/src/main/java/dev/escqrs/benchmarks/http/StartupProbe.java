package dev.escqrs.benchmarks.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cold start of the example service (in memory), as a new container or Lambda sees it: the time from launching the
 * JVM to the service listening, then the first 100 commands (creates over HTTP, one at a time) and the next 100.
 * JVM options follow the class path (an AOT cache: {@code -XX:AOTCache=FILE}; a training run:
 * {@code -XX:AOTMode=record -XX:AOTConfiguration=FILE}, written when the service exits).
 *
 * <pre>java ... StartupProbe CLASSPATH [JVM_OPTION ...]</pre>
 * Prints one JSON line: startMs, first100Ms, next100Ms.
 */
public final class StartupProbe {
    private static final Pattern LISTENING = Pattern.compile("blog post service on http://([^:]+):(\\d+)");
    private static final Pattern TOKEN = Pattern.compile("export ALICE=(\\S+)");

    private StartupProbe() {
    }

    public static void main(String[] args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(List.of(args).subList(1, args.length));
        command.addAll(List.of("-cp", args[0], "dev.escqrs.example.blogpost.Main", "--port", "0"));
        long launched = System.nanoTime();
        Process service = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8));
            String base = null;
            String token = null;
            String line;
            while (token == null && (line = out.readLine()) != null) {
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    base = "http://127.0.0.1:" + listening.group(2);
                }
                Matcher t = TOKEN.matcher(line);
                if (t.find()) {
                    token = t.group(1);
                }
            }
            long started = System.nanoTime();
            if (base == null || token == null) {
                throw new IllegalStateException("the service did not start: " + command);
            }
            Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> { }));
            HttpClient http = HttpClient.newHttpClient();
            long first = creates(http, base, token, 100);
            long next = creates(http, base, token, 100);
            ObjectNode result = new ObjectMapper().createObjectNode();
            result.put("startMs", (started - launched) / 1e6);
            result.put("first100Ms", first / 1e6);
            result.put("next100Ms", next / 1e6);
            System.out.println(result);
        } finally {
            service.destroy(); // SIGTERM: a training run writes its record as the JVM exits
            service.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static long creates(HttpClient http, String base, String token, int count) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/posts"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"post " + i + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("expected 201, got " + response.statusCode() + ": " + response.body());
            }
        }
        return System.nanoTime() - start;
    }
}
