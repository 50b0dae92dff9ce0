package dev.escqrs.dynamodb;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.Pauses;
import dev.escqrs.core.command.RetryPolicy;
import dev.escqrs.core.aggregate.ConflictException;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.LimitExceededException;
import dev.escqrs.core.error.StoreUnavailableException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.Identifiers;
import dev.escqrs.core.event.StreamIds;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.port.ReadAggregateEvents;
import dev.escqrs.core.port.StoreLimits;
import dev.escqrs.dynamodb.internal.AggregateItems;
import dev.escqrs.dynamodb.internal.AttributeValues;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.dynamodb.internal.WriteFailures;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The event store and aggregate reader on DynamoDB.
 *
 * <p>One append is one {@code TransactWriteItems}: the aggregate row (condition {@code attribute_not_exists} for a new
 * aggregate, else {@code #version = :expected}) and one put per event ({@code attribute_not_exists}, so the events
 * table itself refuses a second event at a version). The projection and the log can never disagree. A failed row
 * condition returns the current row ({@code ALL_OLD}), which becomes the {@link ConflictException}'s current
 * aggregate: a conflict costs no extra read.
 *
 * <p>DynamoDB's limits are checked before sending: at most {@value StoreLimits#MAX_EVENTS} events (checked by
 * {@link AppendBatch}), 400 KB per item, 4 MB per transaction.
 *
 * <p>Failures: throttling and transaction conflicts inside DynamoDB are retried with backoff, then surfaced as
 * {@link StoreUnavailableException}. Ambiguous failures (a timeout, a lost connection, a 5xx after the request left)
 * are retried with the same {@code ClientRequestToken} (the batch's first event id); when the condition then fails,
 * the refused row ({@code ALL_OLD}) shows whether it is ours (its {@code lastEventId}); if another writer has written
 * since, the event at the batch's first version is read back, consistently, and if its id is ours the append succeeded. This
 * is safe also on servers that ignore the token. The store makes those retries itself: the SDK's own retries are off
 * for the transaction, so that no retry goes unseen.
 *
 * <pre>{@code
 * DynamoDbEventStore store = new DynamoDbEventStore(client, TableNames.withPrefix("blog-"), codec);
 * }</pre>
 */
public final class DynamoDbEventStore implements EventStore, AggregateReader {
    /** Items per Query page: bounds what a lazy read holds at once. */
    static final int PAGE_SIZE = 500;

    private static final SdkPlugin NO_SDK_RETRIES = config -> config.overrideConfiguration(
            config.overrideConfiguration().toBuilder().retryStrategy(AwsRetryStrategy.doNotRetry()).build());
    /** Built once: the transaction's override (no SDK retries; the store retries itself), not one per request. */
    private static final software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration NO_SDK_RETRIES_OVERRIDE =
            software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration.builder().addPlugin(NO_SDK_RETRIES).build();

    private final DynamoDbClient client;
    private final TableNames tables;
    private final JsonCodec codec;
    private final RetryPolicy retryPolicy;

    public DynamoDbEventStore(DynamoDbClient client, TableNames tables, JsonCodec codec) {
        this(client, tables, codec, new RetryPolicy(6, Duration.ofMillis(25), Duration.ofSeconds(2)));
    }

    /**
     * @param retryPolicy how often and how patiently to retry throttling, DynamoDB's transaction conflicts and
     *                    ambiguous failures (not optimistic-concurrency conflicts, which go back to the caller)
     */
    public DynamoDbEventStore(DynamoDbClient client, TableNames tables, JsonCodec codec, RetryPolicy retryPolicy) {
        this.client = Objects.requireNonNull(client, "client");
        this.tables = Objects.requireNonNull(tables, "tables");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    }

    public JsonCodec codec() {
        return codec;
    }

    public TableNames tables() {
        return tables;
    }

    @Override
    public <S, E> void append(AppendBatch<S, E> batch) {
        TransactWriteItemsRequest request = transaction(batch);
        String what = "%s %s append of versions %d to %d".formatted(batch.type().name(), batch.aggregateId(),
                batch.expectedVersion() + 1, batch.aggregate().version());
        boolean ambiguous = false;
        RuntimeException last = null;
        for (int attempt = 1; attempt <= retryPolicy.maxAttempts(); attempt++) {
            try {
                client.transactWriteItems(request);
                return;
            } catch (RuntimeException failure) {
                switch (WriteFailures.classify(failure)) {
                    case CONDITION_FAILED -> {
                        List<CancellationReason> reasons = ((TransactionCanceledException) failure).cancellationReasons();
                        if (ambiguous && (WriteFailures.rowShowsOurCommit(batch, reasons) || committed(batch))) {
                            return;
                        }
                        throw conflict(batch, reasons);
                    }
                    case RETRY -> last = failure;
                    case AMBIGUOUS -> {
                        ambiguous = true;
                        last = failure;
                    }
                    case REFUSED -> {
                        if (failure instanceof TransactionCanceledException cancelled) {
                            throw new StoreUnavailableException("%s was cancelled by DynamoDB (%s); nothing was written"
                                    .formatted(what, WriteFailures.codes(cancelled.cancellationReasons())), cancelled);
                        }
                        if (failure instanceof DynamoDbException refused) {
                            throw new EscqrsException("%s was refused by DynamoDB: %s".formatted(what, refused.getMessage()), refused);
                        }
                        throw failure;
                    }
                }
            }
            if (attempt < retryPolicy.maxAttempts()) {
                Pauses.sleep(retryPolicy.delayAfter(attempt, ThreadLocalRandom.current()), "waiting to retry a DynamoDB write");
            }
        }
        if (ambiguous) {
            if (committed(batch)) {
                return;
            }
            throw new StoreUnavailableException(("%s failed %d times without a clear answer (last: %s); a consistent "
                    + "read afterwards does not find it, so it was not written").formatted(what,
                    retryPolicy.maxAttempts(), last.getMessage()), last);
        }
        throw new StoreUnavailableException("%s failed %d times (last: %s); nothing was written"
                .formatted(what, retryPolicy.maxAttempts(), last.getMessage()), last);
    }

    private <S, E> TransactWriteItemsRequest transaction(AppendBatch<S, E> batch) {
        AggregateType<S, E> type = batch.type();
        String id = batch.aggregateId();
        List<EncodedEvent> encoded = batch.events().stream().map(codec::encode).toList();
        Map<String, AttributeValue> row = AggregateItems.toItem(type, batch.aggregate(),
                encoded.getLast().eventId(), codec);
        long total = checkSize(row, () -> "the row of %s %s at version %d".formatted(type.name(), id,
                batch.aggregate().version()));
        Put.Builder rowPut = Put.builder()
                .tableName(tables.aggregateTable(type))
                .item(row)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        if (batch.expectedVersion() == 0) {
            rowPut.conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", AggregateItems.ID));
        } else {
            rowPut.conditionExpression("#version = :expected")
                    .expressionAttributeNames(Map.of("#version", AggregateItems.VERSION))
                    .expressionAttributeValues(Map.of(":expected",
                            AttributeValue.fromN(Long.toString(batch.expectedVersion()))));
        }
        List<TransactWriteItem> items = new ArrayList<>(encoded.size() + 1);
        items.add(TransactWriteItem.builder().put(rowPut.build()).build());
        for (EncodedEvent event : encoded) {
            Map<String, AttributeValue> item = EventItems.toItem(event);
            total += checkSize(item, () -> "event %s (%s) of %s %s at version %d".formatted(event.eventId(),
                    event.eventName(), type.name(), id, event.aggregateVersion()));
            items.add(TransactWriteItem.builder().put(Put.builder()
                    .tableName(tables.eventsTable())
                    .item(item)
                    .conditionExpression("attribute_not_exists(#sid)")
                    .expressionAttributeNames(Map.of("#sid", EventItems.STREAM_ID))
                    .build()).build());
        }
        if (total > StoreLimits.MAX_BATCH_BYTES) {
            throw new LimitExceededException(("%s %s: the command's %d events and row are %,d bytes together; one "
                    + "DynamoDB transaction holds at most %,d bytes (4 MB). Nothing was written.")
                    .formatted(type.name(), id, encoded.size(), total, StoreLimits.MAX_BATCH_BYTES));
        }
        return TransactWriteItemsRequest.builder()
                .transactItems(items)
                .clientRequestToken(encoded.getFirst().eventId())
                .overrideConfiguration(NO_SDK_RETRIES_OVERRIDE)
                .build();
    }

    /** The item's size; {@code what} names it, built only when the item is over the limit. */
    private static long checkSize(Map<String, AttributeValue> item, java.util.function.Supplier<String> what) {
        long size = AttributeValues.itemSize(item);
        if (size > StoreLimits.MAX_ITEM_BYTES) {
            throw new LimitExceededException("%s is %,d bytes as a DynamoDB item; the limit is %,d bytes (400 KB). Nothing was written."
                    .formatted(what.get(), size, StoreLimits.MAX_ITEM_BYTES));
        }
        return size;
    }

    private <S, E> ConflictException conflict(AppendBatch<S, E> batch, List<CancellationReason> reasons) {
        AggregateType<S, E> type = batch.type();
        CancellationReason row = reasons.getFirst();
        if (!"ConditionalCheckFailed".equals(row.code())) {
            // the row's condition held but an event already exists at one of the versions: the log and the row disagree
            throw new EscqrsException(("%s %s: the aggregate row is at version %d but the events table already holds an "
                    + "event at one of versions %d to %d; the tables disagree, which escqrs never writes (reasons %s)")
                    .formatted(type.name(), batch.aggregateId(), batch.expectedVersion(), batch.expectedVersion() + 1,
                            batch.aggregate().version(), WriteFailures.codes(reasons)));
        }
        Map<String, AttributeValue> old = row.item();
        if (old == null || old.isEmpty()) {
            return ConflictException.concurrentAppend(type.name(), batch.aggregateId(), batch.expectedVersion(),
                    Optional.of(0L), Optional.empty());
        }
        Optional<Aggregate<S>> current;
        try {
            current = Optional.of(AggregateItems.fromItem(type, old, codec));
        } catch (EscqrsException unreadable) {
            current = Optional.empty();
        }
        return ConflictException.concurrentAppend(type.name(), batch.aggregateId(), batch.expectedVersion(),
                Optional.of(AggregateItems.version(old, "row of " + type.name() + " " + batch.aggregateId())), current);
    }

    /** Whether the batch's first event is stored with our event id: a consistent read. */
    private boolean committed(AppendBatch<?, ?> batch) {
        AggregateEvent<?> first = batch.events().getFirst();
        GetItemResponse response = client.getItem(b -> b.tableName(tables.eventsTable()).consistentRead(true)
                .key(Map.of(EventItems.STREAM_ID, AttributeValue.fromS(first.streamId()),
                        EventItems.VERSION, AttributeValue.fromN(Long.toString(first.aggregateVersion()))))
                .projectionExpression("#eid")
                .expressionAttributeNames(Map.of("#eid", EventItems.EVENT_ID)));
        return response.hasItem() && response.item().containsKey(EventItems.EVENT_ID)
                && first.eventId().equals(response.item().get(EventItems.EVENT_ID).s());
    }

    @Override
    public <S> Optional<Aggregate<S>> read(AggregateType<S, ?> type, String aggregateId) {
        Identifiers.requireValid("aggregateId", aggregateId);
        GetItemResponse response = client.getItem(b -> b.tableName(tables.aggregateTable(type)).consistentRead(true)
                .key(Map.of(AggregateItems.ID, AttributeValue.fromS(aggregateId))));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(AggregateItems.fromItem(type, response.item(), codec));
    }

    /**
     * One {@code TransactWriteItems}: the row, on condition that it is absent or not ahead of {@code rebuilt}, and a
     * condition check that no event follows {@code rebuilt}'s version.
     */
    @Override
    public <S> boolean rewrite(AggregateType<S, ?> type, Aggregate<S> rebuilt, String lastEventId) {
        Map<String, AttributeValue> row = AggregateItems.toItem(type, rebuilt, lastEventId, codec);
        checkSize(row, () -> "the row of %s %s at version %d".formatted(type.name(), rebuilt.id(), rebuilt.version()));
        Put put = Put.builder().tableName(tables.aggregateTable(type)).item(row)
                .conditionExpression("attribute_not_exists(#id) OR #version <= :v")
                .expressionAttributeNames(Map.of("#id", AggregateItems.ID, "#version", AggregateItems.VERSION))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(rebuilt.version()))))
                .build();
        ConditionCheck noLaterEvent = ConditionCheck.builder().tableName(tables.eventsTable())
                .key(Map.of(EventItems.STREAM_ID, AttributeValue.fromS(StreamIds.of(type.name(), rebuilt.id())),
                        EventItems.VERSION, AttributeValue.fromN(Long.toString(rebuilt.version() + 1))))
                .conditionExpression("attribute_not_exists(#sid)")
                .expressionAttributeNames(Map.of("#sid", EventItems.STREAM_ID))
                .build();
        ConditionCheck lastEventIsOurs = ConditionCheck.builder().tableName(tables.eventsTable())
                .key(Map.of(EventItems.STREAM_ID, AttributeValue.fromS(StreamIds.of(type.name(), rebuilt.id())),
                        EventItems.VERSION, AttributeValue.fromN(Long.toString(rebuilt.version()))))
                .conditionExpression("#eid = :eid")
                .expressionAttributeNames(Map.of("#eid", EventItems.EVENT_ID))
                .expressionAttributeValues(Map.of(":eid", AttributeValue.fromS(lastEventId)))
                .build();
        try {
            client.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().put(put).build(),
                    TransactWriteItem.builder().conditionCheck(noLaterEvent).build(),
                    TransactWriteItem.builder().conditionCheck(lastEventIsOurs).build()));
            return true;
        } catch (TransactionCanceledException e) {
            if (WriteFailures.conditionFailed(e.cancellationReasons())) {
                return false;
            }
            throw new StoreUnavailableException("rewriting the row of %s %s was cancelled by DynamoDB (%s)"
                    .formatted(type.name(), rebuilt.id(), WriteFailures.codes(e.cancellationReasons())), e);
        }
    }

    @Override
    public <E> Stream<AggregateEvent<E>> events(AggregateType<?, E> type, String aggregateId, long fromVersion,
                                                dev.escqrs.core.port.ReadConsistency consistency) {
        ReadAggregateEvents.requireValidRead(type, aggregateId, fromVersion);
        QueryRequest query = QueryRequest.builder()
                .tableName(tables.eventsTable())
                .consistentRead(java.util.Objects.requireNonNull(consistency, "consistency")
                        == dev.escqrs.core.port.ReadConsistency.STRONG)
                .keyConditionExpression("#sid = :sid AND #v >= :from")
                .expressionAttributeNames(Map.of("#sid", EventItems.STREAM_ID, "#v", EventItems.VERSION))
                .expressionAttributeValues(Map.of(":sid", AttributeValue.fromS(StreamIds.of(type.name(), aggregateId)),
                        ":from", AttributeValue.fromN(Long.toString(fromVersion))))
                .limit(PAGE_SIZE)
                .build();
        String where = "event of %s %s".formatted(type.name(), aggregateId);
        return client.queryPaginator(query).items().stream()
                .map(item -> codec.decode(EventItems.fromItem(item, where), type.eventClass()));
    }

    /**
     * A parallel {@code Scan} segment of the events table, consistent, a page of {@value #PAGE_SIZE} items at a time.
     * An aggregate's items share a partition key, so they are all in one segment, in version order. Items of other
     * aggregate types are dropped before decoding (a {@code Scan} reads and bills them all the same).
     */
    @Override
    public Stream<AggregateEvent<Object>> allEvents(java.util.Set<String> aggregateNames, int segment, int totalSegments) {
        dev.escqrs.core.port.ReadAllEvents.requireValidSegment(aggregateNames, segment, totalSegments);
        return client.scanPaginator(b -> b.tableName(tables.eventsTable()).consistentRead(true).limit(PAGE_SIZE)
                        .segment(segment).totalSegments(totalSegments)).items().stream()
                .filter(item -> EventItems.isEvent(item)
                        && aggregateNames.contains(EventItems.aggregateName(item, "an item of " + tables.eventsTable())))
                .map(item -> codec.decode(EventItems.fromItem(item, "event in segment %d of %d of %s"
                        .formatted(segment, totalSegments, tables.eventsTable()))));
    }

    @Override
    public Stream<AggregateEvent<Object>> eventsByName(String eventName) {
        Identifiers.requireValid("eventName", eventName);
        QueryRequest query = QueryRequest.builder()
                .tableName(tables.eventsTable())
                .indexName(EventItems.BY_NAME_INDEX)
                .keyConditionExpression("#n = :n")
                .expressionAttributeNames(Map.of("#n", EventItems.EVENT_NAME))
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromS(eventName)))
                .limit(PAGE_SIZE)
                .build();
        return client.queryPaginator(query).items().stream()
                .map(item -> codec.decode(EventItems.fromItem(item, "event named " + eventName)));
    }
}
