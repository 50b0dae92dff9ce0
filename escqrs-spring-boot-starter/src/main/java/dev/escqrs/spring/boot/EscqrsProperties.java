package dev.escqrs.spring.boot;

import dev.escqrs.dynamodb.table.ItemLayout;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

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

    private final Dynamodb dynamodb = new Dynamodb();

    private final Projections projections = new Projections();

    private final Console console = new Console();

    private final Web web = new Web();

    public Store getStore() {
        return store;
    }

    public void setStore(Store store) {
        this.store = store;
    }

    public Dynamodb getDynamodb() {
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

    /** Where runners on DynamoDB read new events. */
    public enum Feed {
        STREAM,
        INDEX
    }

    /** The indexer run in this application ({@code escqrs.dynamodb.indexer.*}). */
    public static class Indexer {
        /**
         * Whether this application runs the indexer (DynamoDbIndexer), under a lease so that of several replicas one
         * reads the Stream. Off where the indexer runs on Lambda (IndexStreamHandler).
         */
        private boolean enabled;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The DynamoDB store's tables and clients ({@code escqrs.store=dynamodb}). */
    public static class Dynamodb {
        /**
         * The prefix of the table names: the events table is PREFIX + "events", each aggregate's PREFIX + its name, the
         * checkpoints PREFIX + "checkpoints". Required with escqrs.store=dynamodb.
         */
        private String tablePrefix;

        /** The AWS region. Default: the SDK's chain (AWS_REGION, the profile), or us-east-1 with an endpoint. */
        private String region;

        /** A DynamoDB-compatible server instead of AWS, e.g. http://127.0.0.1:5000. Default: AWS. */
        private URI endpoint;

        /**
         * Whether the endpoint is an emulator such as moto, which loses acknowledged writes when requests overlap: the
         * clients then send one request at a time.
         */
        private boolean emulator;

        /** The attribute names of the tables: compact, or descriptive for tables created before 2026-12. */
        private ItemLayout layout = ItemLayout.COMPACT;

        /** Shards of the events-by-name index (1 to 32); 0: the tables have no such index. */
        private int eventsByNameShards;

        /**
         * The KMS key (id, ARN or alias) that wraps the data keys of personal data (docs/privacy.md): when set, the
         * codec encrypts {@code @PersonalData} with {@code DynamoDbDataKeys} in the keys table. Unset: no key store,
         * and a write of personal data is refused.
         */
        private String kmsKeyId;

        /**
         * Aggregate types stored in one-item mode: the state rides on the newest event's item, so a command of one event
         * is one PutItem (docs/dynamodb.md, "Storage modes"). Default: none, every type in two-item mode.
         */
        private List<String> oneItem = new ArrayList<>();

        /**
         * Whether to create the tables at start-up (idempotent): for development; production tables come from the
         * deployment.
         */
        private boolean createTables;

        /**
         * Where the runners read new events: stream (the events table's DynamoDB Stream: at most two readers, 24 hours
         * of records) or index (the change-feed index an indexer writes from the Stream: any number of readers, from
         * any position, for ever; docs/projections.md, "Which change feed").
         */
        private Feed feed = Feed.STREAM;

        /** The indexer that writes the change-feed index from the Stream. */
        private final Indexer indexer = new Indexer();

        public Feed getFeed() {
            return feed;
        }

        public void setFeed(Feed feed) {
            this.feed = feed;
        }

        public Indexer getIndexer() {
            return indexer;
        }

        public String getTablePrefix() {
            return tablePrefix;
        }

        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }

        public URI getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(URI endpoint) {
            this.endpoint = endpoint;
        }

        public boolean isEmulator() {
            return emulator;
        }

        public void setEmulator(boolean emulator) {
            this.emulator = emulator;
        }

        public ItemLayout getLayout() {
            return layout;
        }

        public void setLayout(ItemLayout layout) {
            this.layout = layout;
        }

        public String getKmsKeyId() {
            return kmsKeyId;
        }

        public void setKmsKeyId(String kmsKeyId) {
            this.kmsKeyId = kmsKeyId;
        }

        public int getEventsByNameShards() {
            return eventsByNameShards;
        }

        public void setEventsByNameShards(int eventsByNameShards) {
            this.eventsByNameShards = eventsByNameShards;
        }

        public List<String> getOneItem() {
            return oneItem;
        }

        public void setOneItem(List<String> oneItem) {
            this.oneItem = oneItem;
        }

        public boolean isCreateTables() {
            return createTables;
        }

        public void setCreateTables(boolean createTables) {
            this.createTables = createTables;
        }
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
