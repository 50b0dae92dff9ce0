package dev.escqrs.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The console's HTTP side: the Javalin app with its one connector, which request goes to which of the
 * {@link OperatorActions}, refusals and failures answered as pages, and the headers every page carries.
 */
final class Routes {
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    // the console's one logger: operators configure it by the public class's name
    private static final Logger LOG = Logger.getLogger(OperatorConsole.class.getName());

    private Routes() {}

    /** The app, not yet started, listening on {@code address} and {@code port} once it is. */
    static Javalin app(String address, int port, OperatorActions actions) {
        return Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            config.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(address);
                connector.setPort(port);
                connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                return connector;
            });
            config.routes.get("/", ctx -> page(ctx, 200, actions.overview(ctx)));
            config.routes.get("/console.css", ctx -> {
                ctx.header("Cache-Control", "no-store");
                ctx.contentType("text/css; charset=utf-8").result(Page.CSS);
            });
            config.routes.get("/login", ctx -> page(ctx, 200, Page.login(Optional.empty())));
            config.routes.post("/login", actions::login);
            config.routes.post("/logout", actions::logout);
            config.routes.post("/runners/{runner}/retry", actions::retry);
            config.routes.post("/runners/{runner}/skip", actions::skip);
            config.routes.post("/runners/{runner}/retry-all", actions::retryAll);
            config.routes.post("/runners/{runner}/replay", actions::replay);
            config.routes.post("/runners/{runner}/checkpoint", actions::checkpoint);

            config.routes.exception(Sessions.Refusal.class, (e, ctx) -> {
                if (e.status() == 401) {
                    ctx.header("WWW-Authenticate", "Bearer realm=\"escqrs console\"");
                    page(ctx, 401, Page.login(Optional.of(e.getMessage())));
                } else {
                    page(ctx, e.status(), Page.refusal(e.status(), e.getMessage()));
                }
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.log(Level.SEVERE, "console request failed: " + ctx.method() + " " + ctx.path(), e);
                page(ctx, 500, Page.refusal(500, "the request failed; see the service log"));
            });
        });
    }

    private static void page(Context ctx, int status, String html) {
        ctx.status(status);
        ctx.header("Cache-Control", "no-store");
        ctx.header(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'self'; img-src 'self'; "
                        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        // same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" with the forms, which the
        // origin check could not tell from a sandboxed attacker
        ctx.header("Referrer-Policy", "same-origin");
        ctx.html(html);
    }
}
