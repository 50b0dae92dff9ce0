package dev.escqrs.spring.boot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * escqrs's settings: the store, its DynamoDB tables and clients, the projection runners, the operator console and the
 * web layer.
 */
@ConfigurationProperties("escqrs")
public class EscqrsProperties {
    /**
     * Where events are kept: "memory" (development and tests: lost when the application stops) or "dynamodb". Not set,
     * the application does not start: the starter does not guess where data that must not be lost goes.
     */
    private Store store;

    /** The DynamoDB store's tables and clients ({@code escqrs.store=dynamodb}). */
    @NestedConfigurationProperty
    private final EscqrsDynamoDbProperties dynamodb = new EscqrsDynamoDbProperties();

    private final Projections projections = new Projections();

    private final Console console = new Console();

    private final Web web = new Web();

    public Store getStore() {
        return store;
    }

    public void setStore(Store store) {
        this.store = store;
    }

    public EscqrsDynamoDbProperties getDynamodb() {
        return dynamodb;
    }

    public Projections getProjections() {
        return projections;
    }

    public Console getConsole() {
        return console;
    }

    public Web getWeb() {
        return web;
    }

    /** The stores escqrs has. */
    public enum Store {
        /** In memory: for development and tests; everything is lost when the application stops. */
        MEMORY,
        /** DynamoDB: the aggregate row and its events in one transaction. */
        DYNAMODB
    }

    /** The runners of the application's ProjectionSpec beans. */
    public static class Projections {
        /**
         * Whether this application runs its ProjectionSpec beans (a ProjectionRunner each, started and stopped with the
         * context). Off where the read models run on Lambda or KCL instead: the EscqrsProjections bean is still made,
         * and runs nothing.
         */
        private boolean enabled = true;

        /** How long a runner waits between polls while the change feed is idle, and after a failure. */
        private Duration pollInterval = Duration.ofMillis(500);

        /** The lease each durable projection and reaction runs under, so that of several replicas one runs it. */
        private final Lease lease = new Lease();

        public Lease getLease() {
            return lease;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }
    }

    /** {@code escqrs.projections.lease.*}. */
    public static class Lease {
        /**
         * Whether each durable projection (a DurableProjection spec) and each reaction runs under a lease named after
         * it, in the store's Leases (DynamoDB: items of the checkpoint table): of several replicas one runs it, the others
         * stand by and take over when it dies. Read models in memory run on every replica regardless.
         */
        private boolean enabled = true;

        /** How long a lease lasts without renewal: a dead holder's job is taken over after about this long. */
        private Duration duration = Duration.ofSeconds(30);

        /** This replica's name among the holders. Default: the host name, the process id and a random part. */
        private String holder;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getDuration() {
            return duration;
        }

        public void setDuration(Duration duration) {
            this.duration = duration;
        }

        public String getHolder() {
            return holder;
        }

        public void setHolder(String holder) {
            this.holder = holder;
        }
    }

    /**
     * The operator console (module escqrs-console on the class path, and a ConsoleAuthenticator bean): a web page on
     * an admin port of its own that shows the runners and their parked aggregates, with retry, skip, replay and
     * checkpoints for operators.
     */
    public static class Console {
        /** Whether to start the operator console. Off unless turned on. */
        private boolean enabled;

        /** The console's port (0: any free one). */
        private int port = 8081;

        /**
         * The interface the console listens on: loopback (this machine only) unless told; reach it from elsewhere
         * through an SSH tunnel or a port forward, or put TLS in front of it before binding it wider.
         */
        private String address = "127.0.0.1";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public String getAddress() {
            return address;
        }

        public void setAddress(String address) {
            this.address = address;
        }
    }

    /** The web layer of a Spring MVC application (package dev.escqrs.spring.boot.web). */
    public static class Web {
        private final Problems problems = new Problems();

        public Problems getProblems() {
            return problems;
        }

        /** escqrs's errors answered as RFC 9457 problem details (EscqrsProblems). */
        public static class Problems {
            /**
             * Whether escqrs's errors are answered as problem details with a status by their category (412 for a
             * stale If-Match, 422 for a reused idempotency key); off, the application maps them itself.
             */
            private boolean enabled = true;

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }
        }
    }
}
