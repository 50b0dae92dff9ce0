package dev.escqrs.example.blogpost.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.aggregate.ConflictException;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.error.NotFoundException;
import dev.escqrs.core.error.RetriesExhaustedException;
import dev.escqrs.core.error.StoreUnavailableException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.example.blogpost.app.BlogPostService;
import dev.escqrs.example.blogpost.domain.AlreadyPublishedException;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.ForbiddenException;
import dev.escqrs.example.blogpost.domain.InvalidTitleException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The blog post service over HTTP and JSON, on the JDK's {@link HttpServer} with a virtual thread per request.
 * Writes need the actor in {@code X-Actor-Id}; changes of an existing post need {@code If-Match: "version"}
 * (optimistic concurrency, 412 when stale, 428 when missing). Bad input is a 400 with {@code {"error", "message"}};
 * nothing a client sends gets a 500.
 */
public final class BlogPostHttpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BlogPostHttpServer.class.getName());
    private static final Pattern POST = Pattern.compile("/posts/([^/]+)");
    private static final Pattern POST_PART = Pattern.compile("/posts/([^/]+)/(title|publish|events)");
    private static final Pattern ETAG = Pattern.compile("\"(\\d{1,18})\"");
    private static final Pattern WEAK_ETAG = Pattern.compile("W/\".*\"");
    private static final int MAX_BODY_BYTES = 64 * 1024;

    /** The body of a create or a title change. */
    record TitleBody(String title) {
    }

    private final BlogPostService service;
    private final ObjectMapper json;
    private final HttpServer server;

    /** A server on this machine only (127.0.0.1). */
    public BlogPostHttpServer(BlogPostService service, int port) throws IOException {
        this(service, "127.0.0.1", port);
    }

    /** A server on {@code host}'s interface ({@code 0.0.0.0}: every interface). */
    public BlogPostHttpServer(BlogPostService service, String host, int port) throws IOException {
        this.service = service;
        this.json = strictMapper();
        this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
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
        server.start();
        return this;
    }

    /** The port it listens on (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The address it listens on, as bound. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (HttpError e) {
                send(exchange, e.status, error(e.code, e.getMessage()), Map.of());
            } catch (NotFoundException e) {
                send(exchange, 404, error("not_found", e.getMessage()), Map.of());
            } catch (ConflictException e) {
                if (e.kind() == ConflictException.Kind.VERSION_MISMATCH) {
                    ObjectNode body = error("version_mismatch", e.getMessage());
                    body.put("expected", e.expectedVersion());
                    e.actualVersion().ifPresent(actual -> body.put("actual", actual));
                    send(exchange, 412, body, Map.of());
                } else {
                    send(exchange, 409, error("conflict", e.getMessage()), Map.of());
                }
            } catch (AlreadyPublishedException e) {
                send(exchange, 409, error("already_published", e.getMessage()), Map.of());
            } catch (ForbiddenException e) {
                send(exchange, 403, error("forbidden", e.getMessage()), Map.of());
            } catch (InvalidTitleException e) {
                send(exchange, 400, error("invalid_title", e.getMessage()), Map.of());
            } catch (InvalidInputException e) {
                send(exchange, 400, error("invalid_input", e.getMessage()), Map.of());
            } catch (RetriesExhaustedException | StoreUnavailableException e) {
                send(exchange, 503, error("unavailable", e.getMessage()), Map.of("Retry-After", "1"));
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "request failed: " + exchange.getRequestMethod() + " " + exchange.getRequestURI(), e);
                send(exchange, 500, error("internal", "the request failed; see the service log"), Map.of());
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals("/health") || path.equals("/metrics")) {
            if (!method.equals("GET")) {
                throw methodNotAllowed(exchange, "GET");
            }
            if (path.equals("/metrics")) {
                byte[] text = service.metrics().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, text.length);
                exchange.getResponseBody().write(text);
                return;
            }
            boolean healthy = service.healthy();
            send(exchange, healthy ? 200 : 503, java.util.Map.of("status", healthy ? "up" : "down"), java.util.Map.of());
            return;
        }
        if (path.equals("/posts")) {
            switch (method) {
                case "POST" -> create(exchange);
                case "GET" -> listPublished(exchange);
                default -> throw methodNotAllowed(exchange, "GET, POST");
            }
            return;
        }
        Matcher part = POST_PART.matcher(path);
        if (part.matches()) {
            String id = decode(part.group(1));
            switch (part.group(2)) {
                case "title" -> {
                    requireMethod(exchange, "PUT");
                    changeTitle(exchange, id);
                }
                case "publish" -> {
                    requireMethod(exchange, "POST");
                    publish(exchange, id);
                }
                default -> {
                    requireMethod(exchange, "GET");
                    List<AggregateEvent<dev.escqrs.example.blogpost.domain.BlogPostEvent>> events = service.events(id);
                    if (events.isEmpty()) {
                        throw new NotFoundException("BlogPost", id);
                    }
                    send(exchange, 200, json.valueToTree(events.stream().map(BlogPostHttpServer::eventJson).toList()), Map.of());
                }
            }
            return;
        }
        Matcher post = POST.matcher(path);
        if (post.matches()) {
            requireMethod(exchange, "GET");
            String id = decode(post.group(1));
            Aggregate<BlogPost> found = service.find(id).orElseThrow(() -> new NotFoundException("BlogPost", id));
            sendPost(exchange, 200, found, Map.of());
            return;
        }
        throw new HttpError(404, "no_route", "no such resource: " + path);
    }

    private void create(HttpExchange exchange) throws IOException {
        String actor = actor(exchange);
        TitleBody body = body(exchange, TitleBody.class);
        Aggregate<BlogPost> created = service.create(actor, body.title());
        sendPost(exchange, 201, created, Map.of("Location", "/posts/" + created.id()));
    }

    private void changeTitle(HttpExchange exchange, String id) throws IOException {
        String actor = actor(exchange);
        long expected = ifMatch(exchange);
        TitleBody body = body(exchange, TitleBody.class);
        sendPost(exchange, 200, service.changeTitle(id, actor, body.title(), expected), Map.of());
    }

    private void publish(HttpExchange exchange, String id) throws IOException {
        String actor = actor(exchange);
        long expected = ifMatch(exchange);
        sendPost(exchange, 200, service.publish(id, actor, expected), Map.of());
    }

    private void listPublished(HttpExchange exchange) throws IOException {
        String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        if (!List.of(query.split("&")).contains("published=true")) {
            throw new HttpError(400, "invalid_query", "list published posts with GET /posts?published=true");
        }
        send(exchange, 200, json.valueToTree(service.published()), Map.of());
    }

    private static String actor(HttpExchange exchange) {
        String actor = exchange.getRequestHeaders().getFirst("X-Actor-Id");
        if (actor == null || actor.isBlank()) {
            throw new HttpError(400, "missing_actor", "writes need the actor's id in the X-Actor-Id header");
        }
        return actor;
    }

    private static long ifMatch(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("If-Match");
        if (header == null || header.isBlank()) {
            throw new HttpError(428, "precondition_required",
                    "changes need If-Match with the version you saw, as the ETag gave it (e.g. If-Match: \"1\")");
        }
        if (WEAK_ETAG.matcher(header.strip()).matches()) {
            // RFC 9110 13.1.1: If-Match compares strongly, and a weak tag never matches
            throw new HttpError(412, "weak_etag", "If-Match compares entity tags strongly; the weak tag %s never matches. Send the ETag as given, like \"%s\""
                    .formatted(header.strip(), header.strip().replaceAll("[^0-9]", "")));
        }
        Matcher m = ETAG.matcher(header.strip());
        if (!m.matches()) {
            throw new HttpError(400, "invalid_if_match", "If-Match must be a version in quotes, like \"3\"; got " + header);
        }
        return Long.parseLong(m.group(1));
    }

    private <T> T body(HttpExchange exchange, Class<T> type) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
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
            throw new HttpError(400, "invalid_json", e.getOriginalMessage());
        }
    }

    private static HttpError methodNotAllowed(HttpExchange exchange, String allowed) {
        exchange.getResponseHeaders().set("Allow", allowed);
        return new HttpError(405, "method_not_allowed",
                "%s is not allowed here; use %s".formatted(exchange.getRequestMethod(), allowed));
    }

    private static void requireMethod(HttpExchange exchange, String method) {
        if (!exchange.getRequestMethod().equals(method)) {
            throw methodNotAllowed(exchange, method);
        }
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    private void sendPost(HttpExchange exchange, int status, Aggregate<BlogPost> post, Map<String, String> headers)
            throws IOException {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("ETag", "\"" + post.version() + "\"");
        send(exchange, status, json.valueToTree(postJson(post)), all);
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

    private ObjectNode error(String code, String message) {
        ObjectNode body = json.createObjectNode();
        body.put("error", code);
        body.put("message", message);
        return body;
    }

    private void send(HttpExchange exchange, int status, Object body, Map<String, String> headers) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
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
}
