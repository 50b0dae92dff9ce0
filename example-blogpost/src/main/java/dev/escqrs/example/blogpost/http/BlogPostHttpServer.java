package dev.escqrs.example.blogpost.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escqrs.example.blogpost.app.BlogPostService;
import io.javalin.Javalin;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;
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
 *
 * <p>This class holds the server and its routes; the routes' handlers are {@link PostEndpoints},
 * {@link AuthorEndpoints} and {@link OpsEndpoints}, and what their errors become is {@link RouteErrors}.
 */
public final class BlogPostHttpServer implements AutoCloseable {
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);

    private final Javalin app;

    /**
     * A server on {@code host}'s interface ({@code 127.0.0.1}: this machine only; {@code 0.0.0.0}: every interface),
     * that writes its access log lines to {@code accessLog}.
     */
    public BlogPostHttpServer(
            BlogPostService service, Authentication auth, String host, int port, Consumer<String> accessLog) {
        ObjectMapper json = Requests.strictMapper();
        AccessLog log = new AccessLog(json, accessLog);
        PostEndpoints posts = new PostEndpoints(service, auth, json);
        AuthorEndpoints authors = new AuthorEndpoints(service, auth, json);
        OpsEndpoints ops = new OpsEndpoints(service, json);
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

            // every route; allowed(path) below answers a 405 with the same methods
            config.routes.post("/posts", posts::create);
            config.routes.get("/posts", posts::listPublished);
            config.routes.head("/posts", posts::listPublished);
            config.routes.get("/posts/{id}", posts::find);
            config.routes.head("/posts/{id}", posts::find);
            config.routes.get("/posts/{id}/events", posts::events);
            config.routes.head("/posts/{id}/events", posts::events);
            config.routes.put("/posts/{id}/title", posts::changeTitle);
            config.routes.post("/posts/{id}/publish", posts::publish);
            config.routes.get("/authors/{id}", authors::author);
            config.routes.head("/authors/{id}", authors::author);
            config.routes.delete("/authors/{id}", authors::forget);
            config.routes.put("/authors/{id}/profile", authors::setProfile);
            config.routes.get("/health", ops::health);
            config.routes.head("/health", ops::health);
            config.routes.get("/metrics", ops::metrics);
            config.routes.head("/metrics", ops::metrics);

            RouteErrors.register(config.routes);
            config.routes.error(404, ctx -> {
                String result = ctx.result();
                if (result == null || !result.startsWith("{")) {
                    RouteErrors.error(ctx, 404, ProblemType.NO_ROUTE, "no such resource: " + ctx.path());
                }
            });
            config.routes.error(405, ctx -> {
                String allowed = allowed(ctx.path());
                ctx.header("Allow", allowed);
                RouteErrors.error(
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

    /** The methods a path takes, as the routes above register them: a 405's {@code Allow}. */
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
}
