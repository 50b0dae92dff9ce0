package dev.escqrs.spring.boot;

import dev.escqrs.dynamodb.table.ItemLayout;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The DynamoDB store's tables and clients ({@code escqrs.dynamodb.*}, read with {@code escqrs.store=dynamodb}): the
 * group {@link EscqrsProperties#getDynamodb()} binds.
 */
public class EscqrsDynamoDbProperties {
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
}
