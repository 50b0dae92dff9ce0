package dev.escqrs.dynamodb.internal;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.internal.StreamIds;
import dev.escqrs.core.internal.runtime.StoreLimits;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.dynamodb.table.TableNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The transactions the event store writes, built and checked against DynamoDB's limits before anything is sent, and
 * what a refused append's cancellation reasons mean. No I/O here.
 */
public final class AppendTransactions {
    private static final SdkPlugin NO_SDK_RETRIES =
            config -> config.overrideConfiguration(config.overrideConfiguration().toBuilder()
                    .retryStrategy(AwsRetryStrategy.doNotRetry())
                    .build());
    /** Built once: the append's override (no SDK retries; {@link AppendRetries} retries itself). */
    static final AwsRequestOverrideConfiguration NO_SDK_RETRIES_OVERRIDE =
            AwsRequestOverrideConfiguration.builder().addPlugin(NO_SDK_RETRIES).build();

    private final TableNames tables;
    private final JsonCodec codec;
    private final EventItems events;
    private final AggregateItems rows;
    private final OneItemAppends oneItem;

    public AppendTransactions(TableNames tables, JsonCodec codec) {
        this.tables = tables;
        this.codec = codec;
        this.events = EventItems.of(tables.layout());
        this.rows = AggregateItems.of(tables.layout());
        this.oneItem = new OneItemAppends(tables, codec);
    }

    /**
     * One {@code TransactWriteItems}: the row (condition {@code attribute_not_exists} for a create, else
     * {@code #version = :expected}, {@code ALL_OLD} on failure) and one put per event ({@code attribute_not_exists}).
     * Its token is the batch's first event id, so a resend of the same append is recognised.
     *
     * @param rowsMayBeBehind events of the type were written in one-item mode (its marker is there), so a row may be
     *                        behind its events, or missing: the row's condition is {@code attribute_not_exists(#id) OR
     *                        #version <= :expected} then
     */
    public <E, S> TransactWriteItemsRequest append(AppendBatch<E, S> batch, boolean rowsMayBeBehind) {
        AggregateType<E, S> type = batch.type();
        String id = batch.aggregateId();
        List<EncodedEvent> encoded = batch.events().stream()
                .map(event -> StoreLimits.storableEvent(codec, event))
                .toList();
        Map<String, AttributeValue> row =
                rows.toItem(type, batch.aggregate(), encoded.getLast().eventId(), codec);
        StoreLimits.Budget budget = StoreLimits.budget(type.name(), id)
                .item(
                        AttributeValues.itemSize(row),
                        () -> "the row of %s %s at version %d"
                                .formatted(type.name(), id, batch.aggregate().version()));
        Put.Builder rowPut = Put.builder()
                .tableName(tables.aggregateTable(type))
                .item(row)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        if (batch.baseVersion() == 0) {
            rowPut.conditionExpression("attribute_not_exists(#id)").expressionAttributeNames(Map.of("#id", rows.id()));
        } else {
            // after one-item mode the rows may be behind the events: then the free slots of the events are the lock,
            // and "<=" lets a row catch up (a row ahead of the caller still refuses)
            rowPut.conditionExpression(
                            rowsMayBeBehind
                                    ? "attribute_not_exists(#id) OR #version <= :expected"
                                    : "#version = :expected")
                    .expressionAttributeNames(
                            rowsMayBeBehind
                                    ? Map.of("#id", rows.id(), "#version", rows.version())
                                    : Map.of("#version", rows.version()))
                    .expressionAttributeValues(Map.of(":expected", number(batch.baseVersion())));
        }
        List<TransactWriteItem> items = new ArrayList<>(encoded.size() + 1);
        items.add(TransactWriteItem.builder().put(rowPut.build()).build());
        for (EncodedEvent event : encoded) {
            Map<String, AttributeValue> item = events.toItem(event, tables.eventsByNameShards());
            budget.item(
                    AttributeValues.itemSize(item),
                    () -> "event %s (%s) of %s %s at version %d"
                            .formatted(event.eventId(), event.eventName(), type.name(), id, event.aggregateVersion()));
            Put.Builder put = Put.builder()
                    .tableName(tables.eventsTable())
                    .item(item)
                    .conditionExpression("attribute_not_exists(#sid)")
                    .expressionAttributeNames(Map.of("#sid", events.streamId()));
            if (items.size() == 1) {
                // the event in the first slot, when a writer in one-item mode put it there: the current aggregate
                put.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
            }
            items.add(TransactWriteItem.builder().put(put.build()).build());
        }
        // the same rule as every store's: the last event and the state must fit one item together (one-item mode)
        EncodedEvent last = encoded.getLast();
        StoreLimits.requireFitsOneItem(
                type.name(),
                batch.aggregate(),
                AttributeValues.itemSize(items.getLast().put().item()),
                AttributeValues.itemSize(row),
                () -> "event %s (%s)".formatted(last.eventId(), last.eventName()));
        budget.checkTotal();
        return TransactWriteItemsRequest.builder()
                .transactItems(items)
                .clientRequestToken(encoded.getFirst().eventId())
                .overrideConfiguration(NO_SDK_RETRIES_OVERRIDE)
                .build();
    }

    /**
     * A row rewrite: the row, on condition that it is absent or not ahead of {@code rebuilt}, a check that no event
     * follows {@code rebuilt}'s version and one that the event at its version is {@code lastEventId}.
     */
    public <S> TransactWriteItemsRequest rewrite(AggregateType<?, S> type, Aggregate<S> rebuilt, String lastEventId) {
        Map<String, AttributeValue> row = rows.toItem(type, rebuilt, lastEventId, codec);
        StoreLimits.budget(type.name(), rebuilt.id())
                .item(
                        AttributeValues.itemSize(row),
                        () -> "the row of %s %s at version %d".formatted(type.name(), rebuilt.id(), rebuilt.version()));
        Put put = Put.builder()
                .tableName(tables.aggregateTable(type))
                .item(row)
                .conditionExpression("attribute_not_exists(#id) OR #version <= :v")
                .expressionAttributeNames(Map.of("#id", rows.id(), "#version", rows.version()))
                .expressionAttributeValues(Map.of(":v", number(rebuilt.version())))
                .build();
        String streamId = StreamIds.of(type.name(), rebuilt.id());
        ConditionCheck noLaterEvent = ConditionCheck.builder()
                .tableName(tables.eventsTable())
                .key(events.key(streamId, rebuilt.version() + 1))
                .conditionExpression("attribute_not_exists(#sid)")
                .expressionAttributeNames(Map.of("#sid", events.streamId()))
                .build();
        ConditionCheck lastEventIsOurs = ConditionCheck.builder()
                .tableName(tables.eventsTable())
                .key(events.key(streamId, rebuilt.version()))
                .conditionExpression("#eid = :eid")
                .expressionAttributeNames(Map.of("#eid", events.eventId()))
                .expressionAttributeValues(Map.of(":eid", AttributeValue.fromS(lastEventId)))
                .build();
        return TransactWriteItemsRequest.builder()
                .transactItems(
                        TransactWriteItem.builder().put(put).build(),
                        TransactWriteItem.builder().conditionCheck(noLaterEvent).build(),
                        TransactWriteItem.builder()
                                .conditionCheck(lastEventIsOurs)
                                .build())
                .build();
    }

    /**
     * What a refused append means: a {@link ConflictException} carrying the refused row ({@code ALL_OLD}) as the
     * current aggregate, or, when the row's condition held and an event's did not, an error: the tables disagree.
     */
    public <E, S> ConflictException conflict(AppendBatch<E, S> batch, List<CancellationReason> reasons) {
        AggregateType<E, S> type = batch.type();
        CancellationReason row = reasons.getFirst();
        if (!"ConditionalCheckFailed".equals(row.code())
                && reasons.size() > 1
                && reasons.get(1).item() != null
                && StateItems.carriesState(reasons.get(1).item())) {
            // a writer in one-item mode appended: the row fell behind, the event in the way holds the state
            return oneItem.conflict(batch, reasons.get(1).item());
        }
        if (!"ConditionalCheckFailed".equals(row.code())) {
            throw new EscqrsException(
                    ("%s %s: the aggregate row is at version %d but the events table already holds an "
                                    + "event at one of versions %d to %d (reasons %s); the tables disagree. %s")
                            .formatted(
                                    type.name(),
                                    batch.aggregateId(),
                                    batch.baseVersion(),
                                    batch.baseVersion() + 1,
                                    batch.aggregate().version(),
                                    WriteFailures.codes(reasons),
                                    CommandHandler.TABLES_DISAGREE_ADVICE));
        }
        Map<String, AttributeValue> old = row.item();
        if (old == null || old.isEmpty()) {
            return ConflictException.concurrentAppend(
                    type.name(), batch.aggregateId(), batch.baseVersion(), Optional.of(0L), Optional.empty());
        }
        Optional<Aggregate<S>> current;
        try {
            current = Optional.of(rows.fromItem(type, old, codec));
        } catch (EscqrsException unreadable) {
            current = Optional.empty();
        }
        return ConflictException.concurrentAppend(
                type.name(),
                batch.aggregateId(),
                batch.baseVersion(),
                Optional.of(rows.version(old, "row of " + type.name() + " " + batch.aggregateId())),
                current);
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }
}
