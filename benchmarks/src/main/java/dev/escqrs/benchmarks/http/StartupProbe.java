package dev.escqrs.benchmarks.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

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

    private StartupProbe() {}

    public static void main(String[] args) throws Exception {
        long launched = System.nanoTime();
        try (ExampleProcess service =
                ExampleProcess.start(args[0], List.of(args).subList(1, args.length), List.of())) {
            long started = System.nanoTime();
            HttpClient http = HttpClient.newHttpClient();
            long first = creates(http, service.base(), service.token(), 100);
            long next = creates(http, service.base(), service.token(), 100);
            ObjectNode result = new ObjectMapper().createObjectNode();
            result.put("startMs", (started - launched) / 1e6);
            result.put("first100Ms", first / 1e6);
            result.put("next100Ms", next / 1e6);
            System.out.println(result);
        }
    }

    private static long creates(HttpClient http, String base, String token, int count) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/posts"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"post " + i + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("expected 201, got " + response.statusCode() + ": " + response.body());
            }
        }
        return System.nanoTime() - start;
    }
}
