package dev.escqrs.example.blogpost.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.idempotency.IdempotencyKeys;
import dev.escqrs.example.blogpost.app.BlogPostService;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the service reads from a request besides its route: headers ({@code If-Match}, {@code Idempotency-Key}), the
 * JSON body, query values. Each refusal is an {@link HttpError} that says what was wrong.
 */
final class Requests {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Pattern ETAG = Pattern.compile("\"(\\d{1,18})\"");
    private static final Pattern WEAK_ETAG = Pattern.compile("W/\".*\"");

    private Requests() {}

    static ObjectMapper strictMapper() {
        ObjectMapper mapper = JsonCodec.defaultMapper();
        mapper.enable(
                DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        for (CoercionInputShape shape : List.of(
                CoercionInputShape.Integer,
                CoercionInputShape.Float,
                CoercionInputShape.Boolean,
                CoercionInputShape.Array,
                CoercionInputShape.Object)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    /**
     * The request's {@code Idempotency-Key} (IETF httpapi draft): a structured-field string, {@code "..."}, or the
     * bare value as many clients send it. 1 to 255 printable ASCII characters, else 400.
     */
    static Optional<String> idempotencyKey(Context ctx) {
        String header = ctx.header(IDEMPOTENCY_KEY);
        if (header == null) {
            return Optional.empty();
        }
        String key = header.strip();
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1);
        }
        try {
            return Optional.of(IdempotencyKeys.requireValid(key));
        } catch (InvalidInputException e) {
            throw new HttpError(400, ProblemType.INVALID_IDEMPOTENCY_KEY, "Idempotency-Key: " + e.getMessage());
        }
    }

    static long ifMatch(Context ctx) {
        String header = ctx.header("If-Match");
        if (header == null || header.isBlank()) {
            throw new HttpError(
                    428,
                    ProblemType.PRECONDITION_REQUIRED,
                    "changes need If-Match with the version you saw, as the ETag gave it (e.g. If-Match: \"1\")");
        }
        if (WEAK_ETAG.matcher(header.strip()).matches()) {
            // RFC 9110 13.1.1: If-Match compares strongly, and a weak tag never matches
            throw new HttpError(
                    412,
                    ProblemType.WEAK_ETAG,
                    ("If-Match compares entity tags strongly; the weak tag %s "
                                    + "never matches. Send the ETag as given, like \"%s\"")
                            .formatted(header.strip(), header.strip().replaceAll("[^0-9]", "")));
        }
        Matcher m = ETAG.matcher(header.strip());
        if (!m.matches()) {
            throw new HttpError(
                    400,
                    ProblemType.INVALID_IF_MATCH,
                    "If-Match must be a version in quotes, like \"3\"; got " + header);
        }
        return Long.parseLong(m.group(1));
    }

    static <T> T body(Context ctx, Class<T> type, ObjectMapper json) throws IOException {
        return body(ctx, type, json, "{\"title\": \"...\"}");
    }

    /** The JSON body as {@code type}; the refusals show {@code example} as the body expected. */
    static <T> T body(Context ctx, Class<T> type, ObjectMapper json, String example) throws IOException {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase().strip().matches("application/json\\s*(;.*)?")) {
            throw new HttpError(
                    415,
                    ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "the body must be JSON, sent with Content-Type: application/json; got " + contentType);
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(BlogPostHttpServer.MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            // the idle timeout struck in the middle of the body, or the client went away: nothing to process
            throw new HttpError(
                    408,
                    ProblemType.TIMEOUT,
                    "the body did not arrive within " + BlogPostHttpServer.IDLE_TIMEOUT.toSeconds() + " s of silence");
        }
        if (bytes.length > BlogPostHttpServer.MAX_BODY_BYTES) {
            throw new HttpError(
                    413,
                    ProblemType.TOO_LARGE,
                    "the body is larger than " + BlogPostHttpServer.MAX_BODY_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            throw new HttpError(400, ProblemType.INVALID_JSON, "a JSON body is required, like " + example);
        }
        try {
            T value = json.readValue(bytes, type);
            if (value == null) {
                throw new HttpError(400, ProblemType.INVALID_JSON, "the body must be a JSON object, like " + example);
            }
            return value;
        } catch (JsonProcessingException e) {
            // Jackson's own words about where the JSON is wrong, without the class names it would add
            throw new HttpError(
                    400,
                    ProblemType.INVALID_JSON,
                    "the body is not the JSON expected, like " + example + ": "
                            + e.getOriginalMessage()
                                    .replaceAll("\\(class [^)]*\\)|`[\\w.$]+`", "")
                                    .strip());
        }
    }

    static BlogPostService.Written written(String waitFor) {
        int colon = waitFor.lastIndexOf(':');
        try {
            if (colon > 0) {
                long version = Long.parseLong(waitFor.substring(colon + 1));
                if (version >= 1) {
                    return new BlogPostService.Written(waitFor.substring(0, colon), version);
                }
            }
        } catch (NumberFormatException bad) {
            // answered below
        }
        throw new HttpError(
                400,
                ProblemType.INVALID_WAIT_FOR,
                "waitFor must be a post id and the version your write " + "got (its ETag), as ID:VERSION; got "
                        + abbreviate(waitFor));
    }

    static String abbreviate(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }
}
