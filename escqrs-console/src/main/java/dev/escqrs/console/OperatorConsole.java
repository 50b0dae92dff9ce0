package dev.escqrs.console;

import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.projection.ProjectionRunner;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The operator console: a server-rendered web page, on a port of its own, that shows every projection and reaction
 * runner it is given (phase, checkpoint, lag, heals, failures, parked count) with the aggregates each has parked (the
 * error, the head event with its JSON, how many events wait behind it), and lets an operator retry one parked
 * aggregate or all of them, skip a head event (with a reason, recorded with the operator's name), replay a read model
 * from the start and set a runner's checkpoint.
 *
 * <p>Runners in this process ({@link Builder#runner}) are acted on directly; a runner that runs elsewhere (a Lambda, a
 * KCL worker on another machine) is shown from the {@link Parking} alone ({@link Builder#parking},
 * {@link Builder#remoteRunner}): its entries, and retry and skip written as requests to the parking, which that runner
 * carries out at its next batch. Replay and checkpoints are offered for runners in this process only.
 *
 * <p>Only an operator may use it: every request is checked by the {@link ConsoleAuthenticator} (401 without a valid
 * token, 403 for someone who is not an operator); a browser gets its token in through the login form, which keeps it
 * in an {@code HttpOnly}, {@code SameSite=Strict} cookie. State changes are {@code POST}s that carry a per-session
 * token and pass an origin check (see the package description). It listens on loopback unless told otherwise.
 *
 * <pre>{@code
 * OperatorConsole console = OperatorConsole.builder().authenticator(authenticator)
 *         .runner(readModel).runner(workflows).parking(parking).port(8081).build().start();
 * ...
 * console.close();
 * }</pre>
 */
public final class OperatorConsole implements AutoCloseable {
    /** The interface it listens on unless told: this machine only. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    /** The port it listens on unless told. */
    public static final int DEFAULT_PORT = 8081;
    /** The cookie the login form sets; it holds the operator's token. */
    public static final String SESSION_COOKIE = "escqrs_console";
    /** At most this many parked aggregates are listed per runner; the count above the list is the full one. */
    public static final int MAX_LISTED = 200;

    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(OperatorConsole.class.getName());

    private final Map<String, Supplier<Optional<ProjectionRunner.Running>>> local;
    private final Set<String> remote;
    private final Optional<Parking> parking;
    private final Sessions sessions;
    private final Flash flash = new Flash();
    private final Clock clock;
    private final Javalin app;
    private volatile boolean started;

    private OperatorConsole(Builder b) {
        this.local = new LinkedHashMap<>(b.local);
        this.remote = new LinkedHashSet<>(b.remote);
        this.parking = b.parking;
        this.clock = b.clock;
        this.sessions = new Sessions(Objects.requireNonNull(
                b.authenticator, "authenticator: an operator console without one would let anyone retry and skip"));
        String address = b.address;
        int port = b.port;
        this.app = Javalin.create(config -> {
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
            config.routes.get("/", this::overview);
            config.routes.get("/console.css", ctx -> {
                ctx.header("Cache-Control", "no-store");
                ctx.contentType("text/css; charset=utf-8").result(Page.CSS);
            });
            config.routes.get("/login", ctx -> page(ctx, 200, Page.login(Optional.empty())));
            config.routes.post("/login", this::login);
            config.routes.post("/logout", this::logout);
            config.routes.post("/runners/{runner}/retry", this::retry);
            config.routes.post("/runners/{runner}/skip", this::skip);
            config.routes.post("/runners/{runner}/retry-all", this::retryAll);
            config.routes.post("/runners/{runner}/replay", this::replay);
            config.routes.post("/runners/{runner}/checkpoint", this::checkpoint);

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

    /** A console to configure; {@link Builder#authenticator} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts listening; returns this. */
    public synchronized OperatorConsole start() {
        if (started) {
            throw new IllegalStateException("the operator console runs already");
        }
        app.start();
        started = true;
        return this;
    }

    /** The port it listens on (useful with port 0), once started. */
    public int port() {
        return connector().getLocalPort();
    }

    /** The address it listens on, as bound, once started. */
    public InetSocketAddress address() {
        ServerConnector connector = connector();
        return new InetSocketAddress(
                connector.getHost() == null ? "0.0.0.0" : connector.getHost(), connector.getLocalPort());
    }

    /** Where an operator's browser finds it, once started. */
    public URI uri() {
        String host = address().getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    private ServerConnector connector() {
        if (!started) {
            throw new IllegalStateException("the operator console is not started");
        }
        return (ServerConnector) app.jettyServer().server().getConnectors()[0];
    }

    /** Stops listening. */
    @Override
    public synchronized void close() {
        if (started) {
            app.stop();
            started = false;
        }
    }

    // ---- pages

    private void overview(Context ctx) {
        Sessions.Session session = sessions.authenticate(ctx);
        page(ctx, 200, OverviewPage.html(session, runners(), flash.take(ctx.queryParam("flash")), clock.instant()));
    }

    private void login(Context ctx) {
        sessions.checkOrigin(ctx);
        String token = Optional.ofNullable(ctx.formParam("token")).orElse("").strip();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).strip();
        }
        Sessions.Session session = sessions.verify(token);
        LOG.info("console: " + session.operator() + " logged in");
        ctx.header("Set-Cookie", Sessions.cookie(token, ctx.scheme().equals("https")));
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private void logout(Context ctx) {
        sessions.authorizePost(ctx);
        ctx.header("Set-Cookie", Sessions.expiredCookie());
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    private void retry(Context ctx) {
        String operator = sessions.authorizePost(ctx).operator();
        Target target = target(ctx);
        Optional<ProjectionRunner.Running> running = running(target.runner());
        boolean asked = running.isPresent()
                ? running.get().retry(target.type(), target.id(), operator)
                : requestThroughParking(target, ParkedAggregate.Action.RETRY, operator, "retry");
        done(
                ctx,
                target.runner(),
                asked,
                "%s: retry of %s %s %s by %s"
                        .formatted(
                                target.runner(),
                                target.type(),
                                target.id(),
                                asked ? "asked" : "not asked: it is not parked (any more)",
                                operator));
    }

    private void skip(Context ctx) {
        String operator = sessions.authorizePost(ctx).operator();
        Target target = target(ctx);
        String reason = Optional.ofNullable(ctx.formParam("reason")).orElse("").strip();
        if (reason.isEmpty()) {
            done(
                    ctx,
                    target.runner(),
                    false,
                    "%s: %s %s was not skipped: a skip needs a reason, which is recorded"
                            .formatted(target.runner(), target.type(), target.id()));
            return;
        }
        Optional<ProjectionRunner.Running> running = running(target.runner());
        boolean asked = running.isPresent()
                ? running.get().skip(target.type(), target.id(), operator, reason)
                : requestThroughParking(target, ParkedAggregate.Action.SKIP, operator, reason);
        done(
                ctx,
                target.runner(),
                asked,
                "%s: skip of the head of %s %s %s by %s (%s)"
                        .formatted(
                                target.runner(),
                                target.type(),
                                target.id(),
                                asked ? "asked" : "not asked: it is not parked (any more)",
                                operator,
                                reason));
    }

    private void retryAll(Context ctx) {
        String operator = sessions.authorizePost(ctx).operator();
        String runner = knownRunner(ctx);
        Optional<ProjectionRunner.Running> running = running(runner);
        int asked;
        if (running.isPresent()) {
            asked = running.get().retryAll(operator);
        } else {
            Parking lot = parkingFor(runner);
            asked = 0;
            for (ParkedAggregate entry : lot.parked(runner)) {
                if (lot.request(
                        runner,
                        entry.aggregateName(),
                        entry.aggregateId(),
                        new ParkedAggregate.OperatorRequest(
                                ParkedAggregate.Action.RETRY, operator, "retry all", clock.instant()))) {
                    asked++;
                }
            }
        }
        done(
                ctx,
                runner,
                true,
                "%s: retry of %d parked aggregate(s) asked by %s; the runner works through them a "
                                .formatted(runner, asked, operator)
                        + "batch at a time");
    }

    private void replay(Context ctx) {
        String operator = sessions.authorizePost(ctx).operator();
        String runner = knownRunner(ctx);
        if (!runner.equals(
                Optional.ofNullable(ctx.formParam("confirm")).orElse("").strip())) {
            done(ctx, runner, false, "%s: not replayed: type the runner's name to confirm a replay".formatted(runner));
            return;
        }
        ProjectionRunner.Running running = runningHere(runner);
        try {
            running.replay();
        } catch (UnsupportedOperationException e) {
            done(ctx, runner, false, runner + ": not replayed: " + e.getMessage());
            return;
        }
        done(ctx, runner, true, "%s: replay from the start asked by %s".formatted(runner, operator));
    }

    private void checkpoint(Context ctx) {
        String operator = sessions.authorizePost(ctx).operator();
        String runner = knownRunner(ctx);
        String value =
                Optional.ofNullable(ctx.formParam("checkpoint")).orElse("").strip();
        Checkpoint checkpoint = value.isEmpty() ? Checkpoint.START : new Checkpoint(value);
        runningHere(runner).moveCheckpoint(checkpoint);
        done(
                ctx,
                runner,
                true,
                "%s: checkpoint moved to %s by %s"
                        .formatted(runner, checkpoint.isStart() ? "the start" : value, operator));
    }

    // ---- helpers

    private record Target(String runner, String type, String id) {}

    private Target target(Context ctx) {
        String runner = knownRunner(ctx);
        String type = Optional.ofNullable(ctx.formParam("type")).orElse("");
        String id = Optional.ofNullable(ctx.formParam("id")).orElse("");
        if (type.isEmpty() || id.isEmpty()) {
            throw new Sessions.Refusal(400, "the form needs the aggregate's type and id");
        }
        return new Target(runner, type, id);
    }

    private String knownRunner(Context ctx) {
        String runner = ctx.pathParam("runner");
        if (!local.containsKey(runner) && !remoteNames().contains(runner)) {
            throw new Sessions.Refusal(404, "no runner " + runner + " here");
        }
        return runner;
    }

    private Optional<ProjectionRunner.Running> running(String runner) {
        Supplier<Optional<ProjectionRunner.Running>> supplier = local.get(runner);
        return supplier == null ? Optional.empty() : supplier.get();
    }

    private ProjectionRunner.Running runningHere(String runner) {
        return running(runner)
                .orElseThrow(
                        () -> new Sessions.Refusal(
                                409,
                                runner
                                        + " does not run in this process: replay it and set its checkpoint where it runs (or with the CLI)"));
    }

    private Parking parkingFor(String runner) {
        return parking.orElseThrow(() -> new Sessions.Refusal(
                409,
                runner + " does not run in this process and the console was given no Parking to reach it through"));
    }

    private boolean requestThroughParking(
            Target target, ParkedAggregate.Action action, String operator, String reason) {
        return parkingFor(target.runner())
                .request(
                        target.runner(),
                        target.type(),
                        target.id(),
                        new ParkedAggregate.OperatorRequest(action, operator, reason, clock.instant()));
    }

    private void done(Context ctx, String runner, boolean ok, String message) {
        LOG.info("console: " + message);
        ctx.redirect("/?flash=" + flash.put(ok, message) + "#runner-" + Page.anchor(runner), HttpStatus.SEE_OTHER);
    }

    private Set<String> remoteNames() {
        Set<String> names = new LinkedHashSet<>(remote);
        parking.ifPresent(lot -> lot.parked().forEach(entry -> names.add(entry.runner())));
        names.removeAll(local.keySet());
        return names;
    }

    /** What the page shows of each runner, in the order given, then the runners known from the parking only. */
    private List<RunnerView> runners() {
        List<RunnerView> views = new ArrayList<>();
        local.forEach((name, supplier) -> {
            Optional<ProjectionRunner.Running> running = supplier.get();
            if (running.isPresent()) {
                views.add(new RunnerView(
                        name,
                        RunnerView.Where.HERE,
                        Optional.of(running.get().status()),
                        running.get().checkpoint(),
                        running.get().parked()));
            } else {
                views.add(new RunnerView(
                        name,
                        RunnerView.Where.STOPPED,
                        Optional.empty(),
                        Optional.empty(),
                        parking.map(lot -> lot.parked(name)).orElse(List.of())));
            }
        });
        for (String name : remoteNames()) {
            views.add(new RunnerView(
                    name,
                    RunnerView.Where.ELSEWHERE,
                    Optional.empty(),
                    Optional.empty(),
                    parking.map(lot -> lot.parked(name)).orElse(List.of())));
        }
        return views;
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

    /** The console's settings; every one but the authenticator has a default. */
    public static final class Builder {
        private final Map<String, Supplier<Optional<ProjectionRunner.Running>>> local = new LinkedHashMap<>();
        private final Set<String> remote = new LinkedHashSet<>();
        private Optional<Parking> parking = Optional.empty();
        private ConsoleAuthenticator authenticator;
        private String address = DEFAULT_ADDRESS;
        private int port = DEFAULT_PORT;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** A runner running in this process, shown and acted on directly. */
        public Builder runner(ProjectionRunner.Running running) {
            Objects.requireNonNull(running, "running");
            return runner(running.status().name(), () -> Optional.of(running));
        }

        /**
         * A runner of this process that may or may not run at a given moment (started and stopped with the
         * application, a Spring lifecycle bean): {@code running} is asked at each request. While it does not run, the
         * page shows its entries from the {@link #parking} and retry and skip go there as requests.
         */
        public Builder runner(String name, Supplier<Optional<ProjectionRunner.Running>> running) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(running, "running");
            if (local.put(name, running) != null) {
                throw new IllegalArgumentException("two runners named " + name);
            }
            return this;
        }

        /**
         * Where parked aggregates are kept, for runners that run elsewhere (a Lambda, a KCL worker): every runner with
         * entries there is shown, and its retries and skips are written there as requests.
         */
        public Builder parking(Parking parking) {
            this.parking = Optional.of(Objects.requireNonNull(parking, "parking"));
            return this;
        }

        /** A runner that runs elsewhere, listed even while nothing of it is parked (needs {@link #parking}). */
        public Builder remoteRunner(String name) {
            remote.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        /** Who is an operator. Required. */
        public Builder authenticator(ConsoleAuthenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        /**
         * The interface to listen on: {@value #DEFAULT_ADDRESS} (this machine only) unless told; an operator elsewhere
         * reaches it through an SSH tunnel or a port forward rather than an open port.
         */
        public Builder address(String address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The port, {@value #DEFAULT_PORT} unless told; 0 for any free one ({@link OperatorConsole#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("the console's port must be from 0 to 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The clock that stamps requests written to the parking (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The console, not yet listening ({@link OperatorConsole#start()}). */
        public OperatorConsole build() {
            if (!remote.isEmpty() && parking.isEmpty()) {
                throw new IllegalStateException(
                        "remote runners " + remote + " are reached through a Parking: " + "call parking(...)");
            }
            return new OperatorConsole(this);
        }
    }
}
