package dev.escqrs.example.blogpost.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.IdempotencyKeyReusedException;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.error.NotFoundException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.projection.ProjectionStatus;
import dev.escqrs.core.spi.IdempotencyKeys;
import dev.escqrs.example.blogpost.app.BlogPostService;
import dev.escqrs.example.blogpost.domain.AlreadyPublishedException;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.ForbiddenException;
import dev.escqrs.example.blogpost.domain.InvalidTitleException;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The blog post service over HTTP and JSON, on Javalin (Jetty 12, a virtual thread per request). Writes need the actor,
 * proven by a bearer token ({@link Authentication}), and a JSON body as {@code application/json}; changes of an
 * existing post need
 * {@code If-Match: "version"} (optimistic concurrency, 412 when stale, 428 when missing). Every write takes an
 * {@code Idempotency-Key}: a retry with the same key and body gets the first response and writes nothing, the same
 * key with another body is 422, keys are the actor's own. Every error, also those
 * Jetty answers before a route runs (a malformed request line, headers over the limit), is
 * {@code {"error", "message"}}; nothing a client sends gets a 500.
 *
 * <p>Limits: bodies up to {@value #MAX_BODY_BYTES} bytes (413), request line and headers up to
 * {@value #MAX_HEADER_BYTES} bytes (414, 431), and a connection on which nothing arrives for {@link #IDLE_TIMEOUT} is
 * closed, also in the middle of a request (a body that never completes: slowloris).
 *
 * <p>Every request, also those Jetty refuses itself, writes one JSON line to the access log: time, remote address,
 * method, path, status, response bytes, milliseconds, and the actor when one was authenticated.
 */
public final class BlogPostHttpServer implements AutoCloseable {
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(BlogPostHttpServer.class.getName());
    private static final Pattern ETAG = Pattern.compile("\"(\\d{1,18})\"");
    private static final Pattern WEAK_ETAG = Pattern.compile("W/\".*\"");

    /** The body of a create or a title change. */
    record TitleBody(String title) {
    }

    private static final String ACTOR_ATTRIBUTE = "escqrs.actor";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final BlogPostService service;
    private final Authentication auth;
    private final ObjectMapper json;
    private final Javalin app;

    /**
     * A server on {@code host}'s interface ({@code 127.0.0.1}: this machine only; {@code 0.0.0.0}: every interface),
     * that writes its access log lines to {@code accessLog}.
     */
    public BlogPostHttpServer(BlogPostService service, Authentication auth, String host, int port,
                              Consumer<String> accessLog) {
        this.service = service;
        this.auth = auth;
        this.json = strictMapper();
        AccessLog log = new AccessLog(json, accessLog);
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            config.jetty.modifyHttpConfiguration(http -> {
                http.setRequestHeaderSize(MAX_HEADER_BYTES);
                http.setSendServerVersion(false);
            });
            config.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(host);
                connector.setPort(port);
                connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                return connector;
            });
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrors());
                server.setRequestLog(log);
            });

            config.routes.post("/posts", this::create);
            config.routes.get("/posts", this::listPublished);
            config.routes.head("/posts", this::listPublished);
            config.routes.get("/posts/{id}", this::find);
            config.routes.head("/posts/{id}", this::find);
            config.routes.get("/posts/{id}/events", this::events);
            config.routes.head("/posts/{id}/events", this::events);
            config.routes.put("/posts/{id}/title", this::changeTitle);
            config.routes.post("/posts/{id}/publish", this::publish);
            config.routes.get("/authors/{id}", this::author);
            config.routes.head("/authors/{id}", this::author);
            config.routes.get("/health", this::health);
            config.routes.head("/health", this::health);
            config.routes.get("/metrics", this::metrics);
            config.routes.head("/metrics", this::metrics);

            config.routes.exception(HttpError.class, (e, ctx) -> error(ctx, e.status, e.code, e.getMessage()));
            config.routes.exception(Authentication.Unauthenticated.class, (e, ctx) -> {
                ctx.header("WWW-Authenticate", e.code().equals("invalid_token")
                        ? "Bearer error=\"invalid_token\"" : "Bearer");
                error(ctx, 401, e.code(), e.getMessage());
            });
            config.routes.exception(ForbiddenException.class, (e, ctx) -> error(ctx, 403, "forbidden", e.getMessage()));
            config.routes.exception(AlreadyPublishedException.class,
                    (e, ctx) -> error(ctx, 409, "already_published", e.getMessage()));
            config.routes.exception(InvalidTitleException.class,
                    (e, ctx) -> error(ctx, 400, "invalid_title", e.getMessage()));
            config.routes.exception(ConflictException.class, this::conflict);
            config.routes.exception(IdempotencyKeyReusedException.class,
                    (e, ctx) -> error(ctx, 422, "idempotency_key_reused", e.getMessage()));
            config.routes.exception(BlogPostService.ReadModelBehindException.class, (e, ctx) -> {
                ctx.header("Retry-After", "1");
                error(ctx, 503, "read_model_behind", e.getMessage());
            });
            // every other escqrs error by its category; the domain's own refusals above keep their codes
            config.routes.exception(EscqrsException.class, this::byCategory);
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                    codeOf(e.getStatus()), e.getStatus() == 404 ? "no such resource: " + ctx.path() : e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.log(Level.SEVERE, "request failed: " + ctx.method() + " " + ctx.path(), e);
                error(ctx, 500, "internal", "the request failed; see the service log");
            });
            config.routes.error(404, ctx -> {
                String result = ctx.result();
                if (result == null || !result.startsWith("{")) {
                    error(ctx, 404, "no_route", "no such resource: " + ctx.path());
                }
            });
            config.routes.error(405, ctx -> {
                String allowed = allowed(ctx.path());
                ctx.header("Allow", allowed);
                error(ctx, 405, "method_not_allowed", "%s is not allowed here; use %s".formatted(ctx.method(), allowed));
            });
        });
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = JsonCodec.defaultMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean, CoercionInputShape.Array, CoercionInputShape.Object)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    public BlogPostHttpServer start() {
        app.start();
        return this;
    }

    /** The port it listens on (useful with port 0). */
    public int port() {
        return connector().getLocalPort();
    }

    /** The address it listens on, as bound. */
    public InetSocketAddress address() {
        ServerConnector connector = connector();
        return new InetSocketAddress(connector.getHost() == null ? "0.0.0.0" : connector.getHost(), connector.getLocalPort());
    }

    private ServerConnector connector() {
        return (ServerConnector) app.jettyServer().server().getConnectors()[0];
    }

    @Override
    public void close() {
        app.stop();
    }

    private void create(Context ctx) throws IOException {
        String actor = actor(ctx);
        Optional<String> key = idempotencyKey(ctx);
        TitleBody body = body(ctx, TitleBody.class);
        CommandResult<BlogPost, BlogPostEvent> created = service.create(actor, body.title(), key);
        ctx.header("Location", "/posts/" + created.aggregate().id());
        sendResult(ctx, 201, created);
    }

    private void find(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        sendPost(ctx, 200, service.find(id).orElseThrow(() -> new NotFoundException("BlogPost", id)));
    }

    /** An author's profile: the number of their published posts, counted by the author-stats reaction. */
    private void author(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        Aggregate<Author.Profile> author = service.author(id).orElseThrow(() -> new NotFoundException("Author", id));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", author.id());
        body.put("version", author.version());
        body.put("publishedPosts", author.state().publishedPosts());
        body.put("updatedAt", author.meta().updatedAt().toString());
        ctx.header("ETag", "\"" + author.version() + "\"");
        send(ctx, 200, body);
    }

    private void events(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        List<AggregateEvent<BlogPostEvent>> events = service.events(id);
        if (events.isEmpty()) {
            throw new NotFoundException("BlogPost", id);
        }
        send(ctx, 200, events.stream().map(BlogPostHttpServer::eventJson).toList());
    }

    private void changeTitle(Context ctx) throws IOException {
        String actor = actor(ctx);
        Optional<String> key = idempotencyKey(ctx);
        long expected = ifMatch(ctx);
        TitleBody body = body(ctx, TitleBody.class);
        sendResult(ctx, 200, service.changeTitle(ctx.pathParam("id"), actor, body.title(), expected, key));
    }

    private void publish(Context ctx) throws IOException {
        String actor = actor(ctx);
        Optional<String> key = idempotencyKey(ctx);
        long expected = ifMatch(ctx);
        sendResult(ctx, 200, service.publish(ctx.pathParam("id"), actor, expected, key));
    }

    /**
     * The request's {@code Idempotency-Key} (IETF httpapi draft): a structured-field string, {@code "..."}, or the
     * bare value as many clients send it. 1 to 255 printable ASCII characters, else 400.
     */
    private static Optional<String> idempotencyKey(Context ctx) {
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
            throw new HttpError(400, "invalid_idempotency_key", "Idempotency-Key: " + e.getMessage());
        }
    }

    /**
     * {@code GET /posts?published=true[&limit=N][&cursor=C][&waitFor=ID:VERSION]}: a page of published posts, newest
     * first, and a {@code Link: <...>; rel="next"} header while there are more.
     */
    private void listPublished(Context ctx) throws IOException, InterruptedException {
        if (!"true".equals(ctx.queryParam("published"))) {
            throw new HttpError(400, "invalid_query", "list published posts with GET /posts?published=true");
        }
        int limit = PublishedPosts.DEFAULT_PAGE;
        String limitParam = ctx.queryParam("limit");
        if (limitParam != null) {
            try {
                limit = PublishedPosts.requireLimit(Integer.parseInt(limitParam));
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "invalid_limit", "limit must be a number from 1 to " + PublishedPosts.MAX_PAGE
                        + "; got " + abbreviate(limitParam));
            }
        }
        Optional<PublishedPosts.Cursor> cursor;
        try {
            cursor = Optional.ofNullable(ctx.queryParam("cursor")).map(PublishedPosts.Cursor::parse);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "invalid_cursor", e.getMessage());
        }
        Optional<BlogPostService.Written> waitFor = Optional.ofNullable(ctx.queryParam("waitFor")).map(BlogPostHttpServer::written);
        PublishedPosts.Page page = service.published(limit, cursor, waitFor);
        if (page.next().isPresent()) {
            ctx.header("Link", "</posts?published=true&limit=%d&cursor=%s>; rel=\"next\""
                    .formatted(limit, page.next().get().token()));
        }
        send(ctx, 200, page.posts());
    }

    private static BlogPostService.Written written(String waitFor) {
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
        throw new HttpError(400, "invalid_wait_for", "waitFor must be a post id and the version your write got (its "
                + "ETag), as ID:VERSION; got " + abbreviate(waitFor));
    }

    private static String abbreviate(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }

    private void health(Context ctx) throws IOException {
        BlogPostService.Health health = service.health();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", health.status());
        body.put("store", health.storeUp() ? "up" : "down");
        health.readModel().ifPresent(status -> body.put("readModel", readModelJson(status)));
        health.workflows().ifPresent(status -> body.put("workflows", readModelJson(status)));
        send(ctx, health.status().equals("down") ? 503 : 200, body);
    }

    private static Map<String, Object> readModelJson(ProjectionStatus status) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", status.name());
        json.put("phase", status.phase().name().toLowerCase());
        json.put("lagSeconds", status.lag().toMillis() / 1000.0);
        status.caughtUpAt().ifPresent(at -> json.put("caughtUpAt", at.toString()));
        status.lastApplied().ifPresent(event -> json.put("lastApplied", Map.of("aggregateId", event.aggregateId(),
                "version", event.aggregateVersion(), "occurredAt", event.occurredAt().toString())));
        status.lastAppliedAt().ifPresent(at -> json.put("lastAppliedAt", at.toString()));
        json.put("heals", status.heals());
        json.put("failures", status.failures());
        // the kind only: /health is not authenticated, and the log has the whole story
        status.lastFailure().ifPresent(f -> json.put("lastFailure", f.getClass().getSimpleName()));
        return json;
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(service.metrics());
    }

    private String actor(Context ctx) {
        String actor;
        try {
            actor = auth.actor(ctx.header("Authorization"), ctx.header("X-Actor-Id"));
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "invalid_credentials", e.getMessage());
        }
        ctx.req().setAttribute(ACTOR_ATTRIBUTE, actor);
        return actor;
    }

    private static long ifMatch(Context ctx) {
        String header = ctx.header("If-Match");
        if (header == null || header.isBlank()) {
            throw new HttpError(428, "precondition_required",
                    "changes need If-Match with the version you saw, as the ETag gave it (e.g. If-Match: \"1\")");
        }
        if (WEAK_ETAG.matcher(header.strip()).matches()) {
            // RFC 9110 13.1.1: If-Match compares strongly, and a weak tag never matches
            throw new HttpError(412, "weak_etag", ("If-Match compares entity tags strongly; the weak tag %s never "
                    + "matches. Send the ETag as given, like \"%s\"").formatted(header.strip(),
                    header.strip().replaceAll("[^0-9]", "")));
        }
        Matcher m = ETAG.matcher(header.strip());
        if (!m.matches()) {
            throw new HttpError(400, "invalid_if_match", "If-Match must be a version in quotes, like \"3\"; got " + header);
        }
        return Long.parseLong(m.group(1));
    }

    private <T> T body(Context ctx, Class<T> type) throws IOException {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase().strip().matches("application/json\\s*(;.*)?")) {
            throw new HttpError(415, "unsupported_media_type",
                    "the body must be JSON, sent with Content-Type: application/json; got " + contentType);
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            // the idle timeout struck in the middle of the body, or the client went away: nothing to process
            throw new HttpError(408, "timeout", "the body did not arrive within " + IDLE_TIMEOUT.toSeconds()
                    + " s of silence");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new HttpError(413, "too_large", "the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            throw new HttpError(400, "invalid_json", "a JSON body is required, like {\"title\": \"...\"}");
        }
        try {
            T value = json.readValue(bytes, type);
            if (value == null) {
                throw new HttpError(400, "invalid_json", "the body must be a JSON object, like {\"title\": \"...\"}");
            }
            return value;
        } catch (JsonProcessingException e) {
            // Jackson's own words about where the JSON is wrong, without the class names it would add
            throw new HttpError(400, "invalid_json", "the body is not the JSON expected, like {\"title\": \"...\"}: "
                    + e.getOriginalMessage().replaceAll("\\(class [^)]*\\)|`[\\w.$]+`", "").strip());
        }
    }

    private void conflict(ConflictException e, Context ctx) {
        if (e.kind() == ConflictException.Kind.VERSION_MISMATCH) {
            ObjectNode body = errorJson("version_mismatch", e.getMessage());
            body.put("expected", e.expectedVersion());
            e.actualVersion().ifPresent(actual -> body.put("actual", actual));
            sendQuietly(ctx, 412, body);
        } else {
            error(ctx, 409, "conflict", e.getMessage());
        }
    }

    private void byCategory(EscqrsException e, Context ctx) {
        switch (e.category()) {
            case INVALID -> error(ctx, 400, "invalid_input", e.getMessage());
            case NOT_FOUND -> error(ctx, 404, "not_found", e.getMessage());
            case CONFLICT -> error(ctx, 409, "conflict", e.getMessage());
            case REFUSED -> error(ctx, 409, "refused", e.getMessage());
            case UNAVAILABLE -> unavailable(ctx, e);
            case INTERNAL -> {
                LOG.log(Level.SEVERE, "request failed: " + ctx.method() + " " + ctx.path(), e);
                error(ctx, 500, "internal", "the request failed; see the service log");
            }
        }
    }

    private void unavailable(Context ctx, Exception e) {
        LOG.log(Level.WARNING, "store unavailable: " + e.getMessage());
        ctx.header("Retry-After", "1");
        // the store's own text (an emulator's stack, an AWS request id) stays in the log
        error(ctx, 503, "unavailable", "the store is busy or unreachable; try again shortly");
    }

    private static String allowed(String path) {
        if (path.matches("/posts/?")) {
            return "GET, HEAD, POST";
        }
        if (path.matches("/posts/[^/]+/title/?")) {
            return "PUT";
        }
        if (path.matches("/posts/[^/]+/publish/?")) {
            return "POST";
        }
        return "GET, HEAD";
    }

    private static String codeOf(int status) {
        return switch (status) {
            case 404 -> "no_route";
            case 413 -> "too_large";
            case 408 -> "timeout";
            default -> "invalid_request";
        };
    }

    /**
     * A write's response. A replay (a repeat of an idempotency key) gets the first response: the same status, body,
     * {@code ETag} and {@code Location}, and {@code Idempotent-Replayed: true}.
     */
    private void sendResult(Context ctx, int status, CommandResult<BlogPost, BlogPostEvent> result) throws IOException {
        if (result.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        sendPost(ctx, status, result.aggregate());
    }

    private void sendPost(Context ctx, int status, Aggregate<BlogPost> post) throws IOException {
        ctx.header("ETag", "\"" + post.version() + "\"");
        send(ctx, status, postJson(post));
    }

    /** The post as the API shows it. */
    static Map<String, Object> postJson(Aggregate<BlogPost> post) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", post.id());
        body.put("version", post.version());
        body.put("title", post.state().title());
        body.put("authorId", post.state().authorId());
        body.put("published", post.state().published());
        body.put("createdAt", post.meta().createdAt().toString());
        body.put("updatedAt", post.meta().updatedAt().toString());
        body.put("actorId", post.meta().actorId());
        return body;
    }

    private static Map<String, Object> eventJson(AggregateEvent<?> event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", event.eventId());
        body.put("eventName", event.eventName());
        body.put("aggregateName", event.aggregateName());
        body.put("aggregateId", event.aggregateId());
        body.put("aggregateVersion", event.aggregateVersion());
        body.put("actorId", event.actorId());
        body.put("occurredAt", event.occurredAt().toString());
        body.put("payload", event.payload());
        return body;
    }

    private ObjectNode errorJson(String code, String message) {
        ObjectNode body = json.createObjectNode();
        body.put("error", code);
        body.put("message", message);
        return body;
    }

    private void error(Context ctx, int status, String code, String message) {
        sendQuietly(ctx, status, errorJson(code, message));
    }

    private void sendQuietly(Context ctx, int status, Object body) {
        try {
            send(ctx, status, body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void send(Context ctx, int status, Object body) throws IOException {
        ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
    }

    /** A refusal with an HTTP status, for what the domain does not know about (headers, routes, JSON). */
    private static final class HttpError extends RuntimeException {
        private final int status;
        private final String code;

        HttpError(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    /**
     * What Jetty answers itself, before any route runs (a malformed request line or header, a request line or headers
     * over the limit), as the same JSON errors: never Jetty's HTML.
     */
    private static final class JsonErrors extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = response.getStatus() >= 400 ? response.getStatus() : 400;
            String code = switch (status) {
                case 414 -> "uri_too_long";
                case 431 -> "headers_too_large";
                case 413 -> "too_large";
                default -> "bad_request";
            };
            String message = switch (status) {
                case 414 -> "the request line is longer than " + MAX_HEADER_BYTES + " bytes";
                case 431 -> "the headers are larger than " + MAX_HEADER_BYTES + " bytes together";
                case 413 -> "the body is larger than " + MAX_BODY_BYTES + " bytes";
                default -> "the request is not valid HTTP";
            };
            byte[] body = ("{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }

    /** One JSON line per request, written by Jetty after the response, whoever answered it (a route or Jetty). */
    private static final class AccessLog implements RequestLog {
        private final ObjectMapper json;
        private final Consumer<String> sink;

        AccessLog(ObjectMapper json, Consumer<String> sink) {
            this.json = json;
            this.sink = sink;
        }

        @Override
        public void log(Request request, Response response) {
            ObjectNode line = json.createObjectNode();
            line.put("time", Instant.ofEpochMilli(Request.getTimeStamp(request)).toString());
            line.put("remote", Request.getRemoteAddr(request));
            line.put("method", request.getMethod());
            line.put("path", request.getHttpURI().getPath());
            line.put("status", response.getStatus());
            line.put("bytes", Response.getContentBytesWritten(response));
            line.put("ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.getBeginNanoTime()));
            if (request.getAttribute(ACTOR_ATTRIBUTE) instanceof String actor) {
                line.put("actor", actor);
            }
            sink.accept(line.toString());
        }
    }
}
