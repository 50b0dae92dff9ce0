package dev.escqrs.example.blogpost.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.IdempotencyKeyReusedException;
import dev.escqrs.core.error.NotFoundException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.dynamodb.table.MissingTableException;
import dev.escqrs.example.blogpost.app.BlogPostService;
import dev.escqrs.example.blogpost.domain.AlreadyPublishedException;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.AuthorForgottenException;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.ForbiddenException;
import dev.escqrs.example.blogpost.domain.InvalidProfileException;
import dev.escqrs.example.blogpost.domain.InvalidTitleException;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The blog post service over HTTP and JSON, on Javalin (Jetty 12, a virtual thread per request). Writes need the actor,
 * proven by a bearer token ({@link Authentication}), and a JSON body as {@code application/json}; changes of an
 * existing post need
 * {@code If-Match: "version"} (optimistic concurrency, 412 when stale, 428 when missing). Every write takes an
 * {@code Idempotency-Key}: a retry with the same key and body gets the first response and writes nothing, the same
 * key with another body is 422, keys are the actor's own. Every error, also those
 * Jetty answers before a route runs (a malformed request line, headers over the limit), is an RFC 9457 problem
 * detail ({@link Problem}: {@code application/problem+json}, with the {@code error} and {@code message} of the bodies
 * before it); nothing a client sends gets a 500.
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

    /** The body of a create or a title change. */
    record TitleBody(String title) {}

    /** The body of a profile: personal data, never logged (the access log has no bodies). */
    record ProfileBody(String name, String email) {}

    private final BlogPostService service;
    private final Authentication auth;
    private final ObjectMapper json;
    private final Javalin app;

    /**
     * A server on {@code host}'s interface ({@code 127.0.0.1}: this machine only; {@code 0.0.0.0}: every interface),
     * that writes its access log lines to {@code accessLog}.
     */
    public BlogPostHttpServer(
            BlogPostService service, Authentication auth, String host, int port, Consumer<String> accessLog) {
        this.service = service;
        this.auth = auth;
        this.json = Requests.strictMapper();
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
                server.setErrorHandler(new JettyErrors());
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
            config.routes.delete("/authors/{id}", this::forget);
            config.routes.put("/authors/{id}/profile", this::setProfile);
            config.routes.get("/health", this::health);
            config.routes.head("/health", this::health);
            config.routes.get("/metrics", this::metrics);
            config.routes.head("/metrics", this::metrics);

            config.routes.exception(HttpError.class, (e, ctx) -> error(ctx, e.status, e.type, e.getMessage()));
            config.routes.exception(Authentication.Unauthenticated.class, (e, ctx) -> {
                ctx.header(
                        "WWW-Authenticate",
                        e.type() == ProblemType.INVALID_TOKEN ? "Bearer error=\"invalid_token\"" : "Bearer");
                error(ctx, 401, e.type(), e.getMessage());
            });
            config.routes.exception(
                    ForbiddenException.class,
                    (e, ctx) -> error(
                            ctx,
                            problem(ctx, 403, ProblemType.FORBIDDEN, e.getMessage())
                                    .about(e)));
            config.routes.exception(
                    AlreadyPublishedException.class,
                    (e, ctx) -> error(
                            ctx,
                            problem(ctx, 409, ProblemType.ALREADY_PUBLISHED, e.getMessage())
                                    .about(e)));
            config.routes.exception(
                    InvalidTitleException.class,
                    (e, ctx) -> error(
                            ctx,
                            problem(ctx, 400, ProblemType.INVALID_TITLE, e.getMessage())
                                    .about(e)));
            config.routes.exception(
                    InvalidProfileException.class,
                    (e, ctx) -> error(
                            ctx,
                            problem(ctx, 400, ProblemType.INVALID_PROFILE, e.getMessage())
                                    .about(e)));
            config.routes.exception(
                    AuthorForgottenException.class,
                    (e, ctx) -> error(
                            ctx,
                            problem(ctx, 409, ProblemType.AUTHOR_FORGOTTEN, e.getMessage())
                                    .about(e)));
            config.routes.exception(ConflictException.class, this::conflict);
            config.routes.exception(
                    IdempotencyKeyReusedException.class,
                    (e, ctx) -> error(
                            ctx,
                            problem(ctx, 422, ProblemType.IDEMPOTENCY_KEY_REUSED, e.getMessage())
                                    .about(e)));
            config.routes.exception(BlogPostService.ReadModelBehindException.class, (e, ctx) -> {
                ctx.header("Retry-After", "1");
                error(ctx, 503, ProblemType.READ_MODEL_BEHIND, e.getMessage());
            });
            // every other escqrs error by its category; the domain's own refusals above keep their codes
            config.routes.exception(EscqrsException.class, this::byCategory);
            config.routes.exception(
                    HttpResponseException.class,
                    (e, ctx) -> error(
                            ctx,
                            e.getStatus(),
                            typeOf(e.getStatus()),
                            e.getStatus() == 404 ? "no such resource: " + ctx.path() : e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.log(Level.SEVERE, "request failed: " + ctx.method() + " " + ctx.path(), e);
                error(ctx, 500, ProblemType.INTERNAL, "the request failed; see the service log");
            });
            config.routes.error(404, ctx -> {
                String result = ctx.result();
                if (result == null || !result.startsWith("{")) {
                    error(ctx, 404, ProblemType.NO_ROUTE, "no such resource: " + ctx.path());
                }
            });
            config.routes.error(405, ctx -> {
                String allowed = allowed(ctx.path());
                ctx.header("Allow", allowed);
                error(
                        ctx,
                        405,
                        ProblemType.METHOD_NOT_ALLOWED,
                        "%s is not allowed here; use %s".formatted(ctx.method(), allowed));
            });
        });
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
        return new InetSocketAddress(
                connector.getHost() == null ? "0.0.0.0" : connector.getHost(), connector.getLocalPort());
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
        Optional<String> key = Requests.idempotencyKey(ctx);
        TitleBody body = Requests.body(ctx, TitleBody.class, json);
        CommandResult<BlogPostEvent, BlogPost> created = service.create(actor, body.title(), key);
        ctx.header("Location", "/posts/" + created.aggregate().id());
        sendResult(ctx, 201, created);
    }

    private void find(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        sendPost(ctx, 200, service.find(id).orElseThrow(() -> new NotFoundException("BlogPost", id)));
    }

    /**
     * An author: their name and the number of their published posts (counted by the author-stats reaction) to
     * anyone; their email too when the request is authenticated as the author.
     */
    private void author(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        boolean themself = (ctx.header("Authorization") != null || ctx.header("X-Actor-Id") != null)
                && actor(ctx).equals(id);
        Aggregate<Author.Profile> author = service.author(id).orElseThrow(() -> new NotFoundException("Author", id));
        ctx.header("ETag", "\"" + author.version() + "\"");
        send(ctx, 200, Views.authorJson(author, themself));
    }

    /**
     * {@code DELETE /authors/{id}}, for operators only (a token with the operator role, as the console's; 403 for
     * anyone else): forgets the author (see {@link BlogPostService#forget}) and answers 204. Repeating it answers 204
     * again and changes nothing.
     */
    private void forget(Context ctx) {
        String operator;
        try {
            operator = auth.operator(ctx.header("Authorization"), ctx.header("X-Actor-Id"));
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, ProblemType.INVALID_CREDENTIALS, e.getMessage());
        }
        ctx.req().setAttribute(AccessLog.ACTOR_ATTRIBUTE, operator);
        service.forget(ctx.pathParam("id"), operator);
        ctx.status(204);
    }

    /**
     * {@code PUT /authors/{id}/profile} {@code {"name": "...", "email": "..."}}: the author sets their own profile
     * (403 for anyone else). No {@code If-Match}: the author-stats workflow moves an author's version whenever one of
     * their posts is published, and the profile has one writer, the author, whose last write wins.
     */
    private void setProfile(Context ctx) throws IOException {
        String actor = actor(ctx);
        Optional<String> key = Requests.idempotencyKey(ctx);
        ProfileBody body = Requests.body(ctx, ProfileBody.class, json, "{\"name\": \"...\", \"email\": \"...\"}");
        CommandResult<Author.Event, Author.Profile> result =
                service.setProfile(ctx.pathParam("id"), actor, body.name(), body.email(), key);
        if (result.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        ctx.header("ETag", "\"" + result.aggregate().version() + "\"");
        send(ctx, 200, Views.authorJson(result.aggregate(), true));
    }

    private void events(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        List<AggregateEvent<BlogPostEvent>> events = service.events(id);
        if (events.isEmpty()) {
            throw new NotFoundException("BlogPost", id);
        }
        send(ctx, 200, events.stream().map(Views::eventJson).toList());
    }

    private void changeTitle(Context ctx) throws IOException {
        String actor = actor(ctx);
        Optional<String> key = Requests.idempotencyKey(ctx);
        long expected = Requests.ifMatch(ctx);
        TitleBody body = Requests.body(ctx, TitleBody.class, json);
        sendResult(ctx, 200, service.changeTitle(ctx.pathParam("id"), actor, body.title(), expected, key));
    }

    private void publish(Context ctx) throws IOException {
        String actor = actor(ctx);
        Optional<String> key = Requests.idempotencyKey(ctx);
        long expected = Requests.ifMatch(ctx);
        sendResult(ctx, 200, service.publish(ctx.pathParam("id"), actor, expected, key));
    }

    /**
     * {@code GET /posts?published=true[&limit=N][&cursor=C][&waitFor=ID:VERSION]}: a page of published posts, newest
     * first, and a {@code Link: <...>; rel="next"} header while there are more.
     */
    private void listPublished(Context ctx) throws IOException, InterruptedException {
        if (!"true".equals(ctx.queryParam("published"))) {
            throw new HttpError(400, ProblemType.INVALID_QUERY, "list published posts with GET /posts?published=true");
        }
        int limit = PublishedPosts.DEFAULT_PAGE;
        String limitParam = ctx.queryParam("limit");
        if (limitParam != null) {
            try {
                limit = PublishedPosts.requireLimit(Integer.parseInt(limitParam));
            } catch (IllegalArgumentException e) {
                throw new HttpError(
                        400,
                        ProblemType.INVALID_LIMIT,
                        "limit must be a number from 1 to " + PublishedPosts.MAX_PAGE + "; got "
                                + Requests.abbreviate(limitParam));
            }
        }
        Optional<PublishedPosts.Cursor> cursor;
        try {
            cursor = Optional.ofNullable(ctx.queryParam("cursor")).map(PublishedPosts.Cursor::parse);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, ProblemType.INVALID_CURSOR, e.getMessage());
        }
        Optional<BlogPostService.Written> waitFor =
                Optional.ofNullable(ctx.queryParam("waitFor")).map(Requests::written);
        PublishedPosts.Page page = service.published(limit, cursor, waitFor);
        if (page.next().isPresent()) {
            ctx.header(
                    "Link",
                    "</posts?published=true&limit=%d&cursor=%s>; rel=\"next\""
                            .formatted(limit, page.next().get().token()));
        }
        send(ctx, 200, page.posts());
    }

    private void health(Context ctx) throws IOException {
        BlogPostService.Health health = service.health();
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
        send(ctx, health.status().equals("down") ? 503 : 200, body);
    }

    /** Why the service is down, in one line: the table missing by name, else only the kind of failure (no store text). */
    private static String downReason(BlogPostService.Health health) {
        if (!health.storeUp()) {
            return health.storeFailure()
                    .map(e -> e instanceof MissingTableException missing
                            ? missingTable(missing)
                            : "the store does not answer (" + e.getClass().getSimpleName() + ")")
                    .orElse("the store does not answer");
        }
        return health.readModel()
                .flatMap(s -> s.lastFailure()
                        .map(f -> "the read model is failing (%s) and %.0f s behind"
                                .formatted(
                                        f instanceof MissingTableException missing
                                                ? missingTable(missing)
                                                : f.getClass().getSimpleName(),
                                        s.lag().toMillis() / 1000.0)))
                .orElse("the read model is failing and behind");
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(service.metrics());
    }

    private String actor(Context ctx) {
        String actor;
        try {
            actor = auth.actor(ctx.header("Authorization"), ctx.header("X-Actor-Id"));
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, ProblemType.INVALID_CREDENTIALS, e.getMessage());
        }
        ctx.req().setAttribute(AccessLog.ACTOR_ATTRIBUTE, actor);
        return actor;
    }

    private void conflict(ConflictException e, Context ctx) {
        if (e.kind() == ConflictException.Kind.VERSION_MISMATCH) {
            Problem problem = problem(ctx, 412, ProblemType.VERSION_MISMATCH, e.getMessage())
                    .about(e)
                    .withLegacy("expected", e.expectedVersion());
            e.actualVersion().ifPresent(actual -> problem.withLegacy("actual", actual));
            error(ctx, problem);
        } else {
            error(ctx, problem(ctx, 409, ProblemType.CONFLICT, e.getMessage()).about(e));
        }
    }

    private void byCategory(EscqrsException e, Context ctx) {
        switch (e.category()) {
            case INVALID ->
                error(
                        ctx,
                        problem(ctx, 400, ProblemType.INVALID_INPUT, e.getMessage())
                                .about(e));
            case NOT_FOUND ->
                error(
                        ctx,
                        problem(ctx, 404, ProblemType.NOT_FOUND, e.getMessage()).about(e));
            case CONFLICT ->
                error(
                        ctx,
                        problem(ctx, 409, ProblemType.CONFLICT, e.getMessage()).about(e));
            case REFUSED ->
                error(
                        ctx,
                        problem(ctx, 409, ProblemType.REFUSED, e.getMessage()).about(e));
            case UNAVAILABLE -> unavailable(ctx, e);
            case INTERNAL -> {
                LOG.log(Level.SEVERE, "request failed: " + ctx.method() + " " + ctx.path(), e);
                error(
                        ctx,
                        problem(ctx, 500, ProblemType.INTERNAL, "the request failed; see the service log")
                                .about(e));
            }
        }
    }

    private void unavailable(Context ctx, EscqrsException e) {
        // one line, no stack trace: the store being down is no bug of ours, and a request a second must not flood
        LOG.log(Level.WARNING, "store unavailable: %s %s: %s".formatted(ctx.method(), ctx.path(), firstLine(e)));
        if (e instanceof MissingTableException missing) {
            // a deployment error: the client cannot fix it, but whoever runs the service reads it here too
            ctx.header("Retry-After", "30");
            error(
                    ctx,
                    problem(ctx, 503, ProblemType.UNAVAILABLE, missingTable(missing))
                            .about(e));
            return;
        }
        ctx.header("Retry-After", "1");
        // the store's own text (an emulator's stack, an AWS request id) stays in the log
        error(
                ctx,
                problem(ctx, 503, ProblemType.UNAVAILABLE, "the store is busy or unreachable; try again shortly")
                        .about(e));
    }

    /** Which table is missing and how this service creates it. */
    static String missingTable(MissingTableException e) {
        String which = e.tables().size() == 1
                ? "the DynamoDB table " + e.tables().getFirst() + " does not exist"
                : "one of the DynamoDB tables " + String.join(", ", e.tables()) + " does not exist";
        return which + ": start the service with --create-tables (the default with --endpoint), or create escqrs's "
                + "tables with DynamoDbTables.createTables or the deploy template; the service goes on once it exists";
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
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
        if (path.matches("/authors/[^/]+/profile/?")) {
            return "PUT";
        }
        if (path.matches("/authors/[^/]+/?")) {
            return "GET, HEAD, DELETE";
        }
        return "GET, HEAD";
    }

    private static ProblemType typeOf(int status) {
        return switch (status) {
            case 404 -> ProblemType.NO_ROUTE;
            case 413 -> ProblemType.TOO_LARGE;
            case 408 -> ProblemType.TIMEOUT;
            default -> ProblemType.INVALID_REQUEST;
        };
    }

    /**
     * A write's response. A replay (a repeat of an idempotency key) gets the first response: the same status, body,
     * {@code ETag} and {@code Location}, and {@code Idempotent-Replayed: true}.
     */
    private void sendResult(Context ctx, int status, CommandResult<BlogPostEvent, BlogPost> result) throws IOException {
        if (result.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        sendPost(ctx, status, result.aggregate());
    }

    private void sendPost(Context ctx, int status, Aggregate<BlogPost> post) throws IOException {
        ctx.header("ETag", "\"" + post.version() + "\"");
        send(ctx, status, Views.postJson(post));
    }

    /** A problem about this request (its path is the problem's {@code instance}). */
    private static Problem problem(Context ctx, int status, ProblemType type, String detail) {
        return Problem.of(type, status, detail, ctx.path());
    }

    private static void error(Context ctx, int status, ProblemType type, String detail) {
        error(ctx, problem(ctx, status, type, detail));
    }

    /** Every error a route or Javalin answers goes out here, as Jetty's own go out in {@link JettyErrors}. */
    private static void error(Context ctx, Problem problem) {
        ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(problem.toJson());
    }

    private void send(Context ctx, int status, Object body) throws IOException {
        ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
    }
}
