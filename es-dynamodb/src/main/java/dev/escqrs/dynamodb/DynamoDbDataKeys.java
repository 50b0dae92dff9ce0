package dev.escqrs.dynamodb;

import dev.escqrs.core.error.StoreUnavailableException;
import dev.escqrs.core.privacy.DataKey;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.dynamodb.internal.ReadFailures;
import dev.escqrs.dynamodb.table.TableNames;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/**
 * Subjects' data keys in DynamoDB, wrapped by AWS KMS (envelope encryption): one item per subject in the keys table
 * ({@link TableNames#keysTable()}, made by {@link DynamoDbTables#createKeysTable()}) holding the key as KMS encrypted
 * it under the application's KMS key, with the subject as encryption context. Neither the table nor KMS alone gives a
 * key: reading one needs {@code dynamodb:GetItem} on the table and {@code kms:Decrypt} on the KMS key.
 *
 * <p>A key is made on first use ({@code kms:GenerateDataKey}, then a put on condition that the subject has no item,
 * so two processes agree on one key). {@link #forget} replaces the item with a tombstone (the subject and when it was
 * forgotten, no key): the key is gone from the table at once, and no new key is ever made for the subject. Wrap this
 * in {@link DataKeys#cached} (the {@code builder}'s default) so that a command does not call DynamoDB and KMS each
 * time. A DynamoDB or KMS failure is a {@link StoreUnavailableException}; the command that needed the key wrote
 * nothing.
 *
 * <pre>{@code
 * DataKeys keys = DynamoDbDataKeys.builder(dynamoDb, kms, tables, "alias/blog-personal-data").build();
 * JsonCodec codec = JsonCodec.of(BLOG_POST).withPersonalData(keys);
 * }</pre>
 */
public final class DynamoDbDataKeys implements DataKeys {
    /** The key attribute: the subject's id. */
    public static final String SUBJECT = "subject";

    static final String KEY_ID = "keyId";
    static final String WRAPPED = "wrapped";
    static final String FORGOTTEN_AT = "forgottenAt";
    static final String CONTEXT = "escqrs-subject";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DynamoDbClient client;
    private final KmsClient kms;
    private final String table;
    private final String kmsKeyId;
    private final Clock clock;

    private DynamoDbDataKeys(DynamoDbClient client, KmsClient kms, TableNames tables, String kmsKeyId, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.kms = Objects.requireNonNull(kms, "kms");
        this.table = tables.keysTable();
        this.kmsKeyId = Objects.requireNonNull(kmsKeyId, "kmsKeyId");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Keys in the keys table of {@code tables}, wrapped under the KMS key {@code kmsKeyId} (its id, ARN or alias).
     */
    public static Builder builder(DynamoDbClient client, KmsClient kms, TableNames tables, String kmsKeyId) {
        return new Builder(client, kms, tables, kmsKeyId);
    }

    @Override
    public Optional<DataKey> find(String subject) {
        return read(subject).flatMap(item -> unwrap(subject, item));
    }

    @Override
    public Optional<DataKey> findOrCreate(String subject) {
        Optional<Map<String, AttributeValue>> item = read(subject);
        if (item.isPresent()) {
            return unwrap(subject, item.get());
        }
        GenerateDataKeyResponse made = kmsCall(
                subject,
                "making a data key",
                () -> kms.generateDataKey(b ->
                        b.keyId(kmsKeyId).keySpec(DataKeySpec.AES_256).encryptionContext(Map.of(CONTEXT, subject))));
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        String keyId = HexFormat.of().formatHex(id);
        try {
            ReadFailures.guard(
                    table,
                    DynamoDbTables.CREATE_KEYS_TABLE,
                    () -> "storing the data key of " + subject,
                    () -> client.putItem(b -> b.tableName(table)
                            .item(Map.of(
                                    SUBJECT,
                                    AttributeValue.fromS(subject),
                                    KEY_ID,
                                    AttributeValue.fromS(keyId),
                                    WRAPPED,
                                    AttributeValue.fromB(made.ciphertextBlob())))
                            .conditionExpression("attribute_not_exists(#s)")
                            .expressionAttributeNames(Map.of("#s", SUBJECT))));
        } catch (ConditionalCheckFailedException another) {
            // another process made the subject's key first (or forgot the subject): its item is the answer
            return read(subject).flatMap(stored -> unwrap(subject, stored));
        }
        return Optional.of(DataKey.of(keyId, made.plaintext().asByteArray()));
    }

    @Override
    public void forget(String subject) {
        Objects.requireNonNull(subject, "subject");
        ReadFailures.guard(
                table,
                DynamoDbTables.CREATE_KEYS_TABLE,
                () -> "forgetting " + subject,
                () -> client.putItem(b -> b.tableName(table)
                        .item(Map.of(
                                SUBJECT,
                                AttributeValue.fromS(subject),
                                FORGOTTEN_AT,
                                AttributeValue.fromS(clock.instant().toString())))));
    }

    private Optional<Map<String, AttributeValue>> read(String subject) {
        Objects.requireNonNull(subject, "subject");
        Map<String, AttributeValue> item = ReadFailures.guard(
                        table,
                        DynamoDbTables.CREATE_KEYS_TABLE,
                        () -> "reading the data key of " + subject,
                        () -> client.getItem(b -> b.tableName(table)
                                .key(Map.of(SUBJECT, AttributeValue.fromS(subject)))
                                .consistentRead(true)))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** The item's key, unwrapped by KMS; empty for a tombstone. */
    private Optional<DataKey> unwrap(String subject, Map<String, AttributeValue> item) {
        AttributeValue wrapped = item.get(WRAPPED);
        if (wrapped == null) {
            return Optional.empty();
        }
        DecryptResponse plain = kmsCall(
                subject,
                "unwrapping the data key",
                () -> kms.decrypt(b ->
                        b.keyId(kmsKeyId).ciphertextBlob(wrapped.b()).encryptionContext(Map.of(CONTEXT, subject))));
        return Optional.of(DataKey.of(item.get(KEY_ID).s(), plain.plaintext().asByteArray()));
    }

    private <T> T kmsCall(String subject, String doing, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw new StoreUnavailableException(
                    "%s of %s with the KMS key %s failed: %s".formatted(doing, subject, kmsKeyId, e.getMessage()), e);
        }
    }

    @Override
    public String toString() {
        return "DynamoDB data keys in " + table + " wrapped by " + kmsKeyId;
    }

    /** Builds {@link DynamoDbDataKeys}, behind a cache by default. */
    public static final class Builder {
        private final DynamoDbClient client;
        private final KmsClient kms;
        private final TableNames tables;
        private final String kmsKeyId;
        private Clock clock = Clock.systemUTC();
        private int cacheSize = 10_000;
        private java.time.Duration cacheTimeToLive = java.time.Duration.ofMinutes(5);

        private Builder(DynamoDbClient client, KmsClient kms, TableNames tables, String kmsKeyId) {
            this.client = client;
            this.kms = kms;
            this.tables = Objects.requireNonNull(tables, "tables");
            this.kmsKeyId = kmsKeyId;
        }

        /**
         * The cache in front of the table (default 10,000 subjects, five minutes): its time to live is how long a
         * subject forgotten by another process stays readable here, and how often a busy subject costs a read and a
         * KMS call. {@code size} 0 turns the cache off.
         */
        public Builder cache(int size, java.time.Duration timeToLive) {
            if (size < 0) {
                throw new IllegalArgumentException("a cache holds 0 subjects or more, got " + size);
            }
            this.cacheSize = size;
            this.cacheTimeToLive = Objects.requireNonNull(timeToLive, "timeToLive");
            return this;
        }

        /** The clock of the cache and of the tombstones' times. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The key store, behind its cache unless the cache's size is 0. */
        public DataKeys build() {
            DynamoDbDataKeys keys = new DynamoDbDataKeys(client, kms, tables, kmsKeyId, clock);
            return cacheSize == 0 ? keys : DataKeys.cached(keys, cacheSize, cacheTimeToLive, clock);
        }
    }
}
