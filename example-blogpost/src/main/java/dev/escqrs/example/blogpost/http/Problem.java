package dev.escqrs.example.blogpost.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.IdempotencyKeyReusedException;
import dev.escqrs.core.error.NotFoundException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An error response: an RFC 9457 problem detail, sent as {@value #MEDIA_TYPE}. The one shape of every error the
 * service answers, from a route or from Jetty before any route runs. Its members, in this order:
 * <ul>
 *   <li>{@code type}, {@code title} ({@link ProblemType}), {@code status}, {@code detail} (what went wrong, in words),
 *       {@code instance} (the request's path; none when the path is no URI reference);</li>
 *   <li>for an escqrs error, what it knows, as the Spring Boot starter's {@code EscqrsProblems} answers them:
 *       {@code aggregate}, {@code aggregateId}, {@code expectedVersion}, {@code actualVersion}, and
 *       {@code retryable} ({@link EscqrsException#retryable()}) always;</li>
 *   <li>{@code error} (the code) and {@code message} (the detail again), and on a 412 {@code expected} and
 *       {@code actual}: the body before problem details, kept for the clients that read it.</li>
 * </ul>
 */
final class Problem {
    static final String MEDIA_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProblemType type;
    private final int status;
    private final String detail;
    private final Optional<String> instance;
    private final ObjectNode known = JSON.createObjectNode();
    private final Map<String, Long> legacy = new LinkedHashMap<>();

    private Problem(ProblemType type, int status, String detail, Optional<String> instance) {
        this.type = type;
        this.status = status;
        this.detail = detail;
        this.instance = instance;
    }

    /** A problem of {@code type} with {@code status}, about the request for {@code path} (null when unknown). */
    static Problem of(ProblemType type, int status, String detail, String path) {
        return new Problem(type, status, detail, Optional.ofNullable(path).filter(Problem::isUriReference));
    }

    /** With what {@code error} knows: its aggregate, the versions of a conflict, whether a retry may succeed. */
    Problem about(EscqrsException error) {
        switch (error) {
            case ConflictException conflict -> {
                known.put("aggregate", conflict.aggregateName());
                known.put("aggregateId", conflict.aggregateId());
                known.put("expectedVersion", conflict.expectedVersion());
                conflict.actualVersion().ifPresent(actual -> known.put("actualVersion", actual));
            }
            case IdempotencyKeyReusedException reused -> {
                known.put("aggregate", reused.aggregateName());
                known.put("aggregateId", reused.aggregateId());
            }
            case NotFoundException notFound -> {
                known.put("aggregate", notFound.aggregateName());
                known.put("aggregateId", notFound.aggregateId());
            }
            default -> {
                // no aggregate to name
            }
        }
        known.put("retryable", error.retryable());
        return this;
    }

    /** With a member of the body before problem details ({@code expected}, {@code actual}). */
    Problem withLegacy(String name, long value) {
        legacy.put(name, value);
        return this;
    }

    int status() {
        return status;
    }

    byte[] toJson() {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", type.type.toString());
        body.put("title", type.title);
        body.put("status", status);
        body.put("detail", detail);
        instance.ifPresent(path -> body.put("instance", path));
        body.setAll(known);
        body.put("error", type.code);
        body.put("message", detail);
        legacy.forEach(body::put);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers is always JSON", e);
        }
    }

    private static boolean isUriReference(String path) {
        if (path.isEmpty()) {
            return false;
        }
        try {
            new URI(path);
            return true;
        } catch (URISyntaxException e) {
            // an instance is optional in RFC 9457
            return false;
        }
    }
}
