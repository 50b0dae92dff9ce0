package dev.escqrs.example.blogpost.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escqrs.dynamodb.table.MissingTableException;
import dev.escqrs.example.blogpost.app.BlogPostService;
import dev.escqrs.example.blogpost.app.Health;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The routes of whoever runs the service: {@code /health} and {@code /metrics}, anonymous, for probes and scrapers. */
final class OpsEndpoints {
    private final BlogPostService service;
    private final ObjectMapper json;

    OpsEndpoints(BlogPostService service, ObjectMapper json) {
        this.service = service;
        this.json = json;
    }

    void health(Context ctx) throws IOException {
        Health health = service.health();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", health.status());
        body.put("store", health.storeUp() ? "up" : "down");
        body.put("parked", health.parked());
        if (health.status().equals("down")) {
            body.put("reason", downReason(health));
        }
        health.readModel().ifPresent(status -> body.put("readModel", Views.readModelJson(status)));
        health.workflows().ifPresent(status -> body.put("workflows", Views.readModelJson(status)));
        health.indexer().ifPresent(report -> body.put("indexer", Views.indexerJson(report)));
        Responses.send(ctx, json, health.status().equals("down") ? 503 : 200, body);
    }

    /** Why the service is down, in one line: the table missing by name, else only the kind of failure (no store text). */
    private static String downReason(Health health) {
        if (!health.storeUp()) {
            return health.storeFailure()
                    .map(e -> e instanceof MissingTableException missing
                            ? RouteErrors.missingTable(missing)
                            : "the store does not answer (" + e.getClass().getSimpleName() + ")")
                    .orElse("the store does not answer");
        }
        return health.readModel()
                .flatMap(s -> s.lastFailure()
                        .map(f -> "the read model is failing (%s) and %.0f s behind"
                                .formatted(
                                        f instanceof MissingTableException missing
                                                ? RouteErrors.missingTable(missing)
                                                : f.getClass().getSimpleName(),
                                        s.lag().toMillis() / 1000.0)))
                .orElse("the read model is failing and behind");
    }

    void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(service.metrics());
    }
}
