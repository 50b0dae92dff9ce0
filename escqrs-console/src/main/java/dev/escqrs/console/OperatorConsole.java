package dev.escqrs.console;

import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.projection.ProjectionRunner;
import io.javalin.Javalin;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
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

    private final Javalin app;
    private volatile boolean started;

    private OperatorConsole(Builder b) {
        Sessions sessions = new Sessions(Objects.requireNonNull(
                b.authenticator, "authenticator: an operator console without one would let anyone retry and skip"));
        Runners runners = new Runners(b.local, b.remote, b.parking);
        this.app = Routes.app(b.address, b.port, new OperatorActions(runners, sessions, b.clock));
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
