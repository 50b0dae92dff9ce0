package dev.escqrs.dynamodb.internal;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.internal.StreamIds;
import dev.escqrs.core.internal.runtime.StoreLimits;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.dynamodb.table.TableNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The writes of one-item mode ({@link dev.escqrs.dynamodb.table.StorageMode#ONE_ITEM}), built and checked against
 * DynamoDB's limits before anything is sent: the state rides on the newest event's item, and the free (stream,
 * version) slot is the optimistic lock. No I/O here.
 *
 * <p>A single event is one {@code PutItem} ({@code attribute_not_exists}, {@code ALL_OLD} on failure). Several events
 * are one {@code TransactWriteItems} of their puts, the state on the last: each event keeps its own item and key, so
 * the change feed, the by-name index, the backfill and the history reads are those of two-item mode, and the command
 * stays atomic. (Packing the events into one item would bill 1 WCU per KB instead of 2 per item, but would give up
 * one item per version, which every reader relies on; docs/performance.md has the one measured and the other
 * computed.)
 */
public final class OneItemAppends {
    private final TableNames tables;
    private final JsonCodec codec;
    private final EventItems events;
    private final StateItems states;

    public OneItemAppends(TableNames tables, JsonCodec codec) {
        this.tables = tables;
        this.codec = codec;
        this.events = EventItems.of(tables.layout());
        this.states = StateItems.of(tables.layout());
    }

    /** The items of {@code batch}: one per event, the last with the aggregate's state; sizes checked. */
    public <E, S> List<Map<String, AttributeValue>> items(AppendBatch<E, S> batch) {
        AggregateType<E, S> type = batch.type();
        String id = batch.aggregateId();
        List<EncodedEvent> encoded = batch.events().stream()
                .map(event -> StoreLimits.storableEvent(codec, event))
                .toList();
        StoreLimits.Budget budget = StoreLimits.budget(type.name(), id);
        List<Map<String, AttributeValue>> items = new ArrayList<>(encoded.size());
        for (int i = 0; i < encoded.size(); i++) {
            EncodedEvent event = encoded.get(i);
            Map<String, AttributeValue> item = events.toItem(event, tables.eventsByNameShards());
            long eventBytes = AttributeValues.itemSize(item);
            if (i == encoded.size() - 1) {
                item = states.withState(item, type, batch.aggregate(), codec);
                StoreLimits.requireFitsOneItem(
                        type.name(),
                        batch.aggregate(),
                        eventBytes,
                        AttributeValues.itemSize(item) - eventBytes,
                        () -> "event %s (%s)".formatted(event.eventId(), event.eventName()));
            }
            budget.item(
                    AttributeValues.itemSize(item),
                    () -> "event %s (%s) of %s %s at version %d"
                            .formatted(event.eventId(), event.eventName(), type.name(), id, event.aggregateVersion()));
            items.add(item);
        }
        budget.checkTotal();
        return items;
    }

    /** A single event's put: the slot must be free; a refusal returns the item holding it. */
    public PutItemRequest put(Map<String, AttributeValue> item) {
        return PutItemRequest.builder()
                .tableName(tables.eventsTable())
                .item(item)
                .conditionExpression("attribute_not_exists(#sid)")
                .expressionAttributeNames(Map.of("#sid", events.streamId()))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .overrideConfiguration(AppendTransactions.NO_SDK_RETRIES_OVERRIDE)
                .build();
    }

    /** Several events' puts in one transaction, each slot free; the first refused returns its item. */
    public TransactWriteItemsRequest transaction(List<Map<String, AttributeValue>> items) {
        List<TransactWriteItem> puts = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            puts.add(TransactWriteItem.builder()
                    .put(Put.builder()
                            .tableName(tables.eventsTable())
                            .item(item)
                            .conditionExpression("attribute_not_exists(#sid)")
                            .expressionAttributeNames(Map.of("#sid", events.streamId()))
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                            .build())
                    .build());
        }
        return TransactWriteItemsRequest.builder()
                .transactItems(puts)
                .clientRequestToken(items.getFirst().get(events.eventId()).s())
                .overrideConfiguration(AppendTransactions.NO_SDK_RETRIES_OVERRIDE)
                .build();
    }

    /**
     * A repair in one-item mode: {@code rebuilt}'s state written onto its newest event's item ({@code UpdateItem} of the
     * state's attributes and {@code sr}, the time of the repair), on condition that the item there is
     * {@code lastEventId}, with a check that no later event exists. The event's own attributes are not touched; the
     * stream's MODIFY record is passed over by the decoders ({@link StateItems#isStateRepair}).
     */
    public <S> TransactWriteItemsRequest rewrite(
            AggregateType<?, S> type, Aggregate<S> rebuilt, String lastEventId, Instant now) {
        Map<String, AttributeValue> stateAttributes =
                new LinkedHashMap<>(states.withState(Map.of(), type, rebuilt, codec));
        stateAttributes.put(states.repairedAt(), AttributeValue.fromS(now.toString()));
        StoreLimits.budget(type.name(), rebuilt.id())
                .item(
                        AttributeValues.itemSize(stateAttributes),
                        () -> "the state of %s %s at version %d"
                                .formatted(type.name(), rebuilt.id(), rebuilt.version()));
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        List<String> sets = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, AttributeValue> attribute : stateAttributes.entrySet()) {
            names.put("#a" + n, attribute.getKey());
            values.put(":a" + n, attribute.getValue());
            sets.add("#a" + n + " = :a" + n);
            n++;
        }
        List<String> removes = new ArrayList<>();
        for (String absent : List.of(states.stateVersion(), states.keyedCommands())) {
            if (!stateAttributes.containsKey(absent)) {
                names.put("#a" + n, absent);
                removes.add("#a" + n);
                n++;
            }
        }
        names.put("#eid", events.eventId());
        values.put(":eid", AttributeValue.fromS(lastEventId));
        String streamId = StreamIds.of(type.name(), rebuilt.id());
        Update update = Update.builder()
                .tableName(tables.eventsTable())
                .key(events.key(streamId, rebuilt.version()))
                .updateExpression("SET " + String.join(", ", sets)
                        + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes)))
                .conditionExpression("#eid = :eid")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
        ConditionCheck noLaterEvent = ConditionCheck.builder()
                .tableName(tables.eventsTable())
                .key(events.key(streamId, rebuilt.version() + 1))
                .conditionExpression("attribute_not_exists(#sid)")
                .expressionAttributeNames(Map.of("#sid", events.streamId()))
                .build();
        return TransactWriteItemsRequest.builder()
                .transactItems(
                        TransactWriteItem.builder().update(update).build(),
                        TransactWriteItem.builder().conditionCheck(noLaterEvent).build())
                .build();
    }

    /** Whether {@code taken}, the item in the batch's first slot, is the batch's own first event. */
    public boolean isOurs(AppendBatch<?, ?> batch, Map<String, AttributeValue> taken) {
        AttributeValue eventId = taken == null ? null : taken.get(events.eventId());
        return eventId != null && batch.events().getFirst().eventId().equals(eventId.s());
    }

    /**
     * What a refused append means: a {@link ConflictException} whose current aggregate is the one {@code taken} (the
     * item in the batch's first slot, or in a later one) left, when it carries a readable state; else none, and the
     * caller reads again. {@code taken} at the first slot is usually the newest event (the writer that won the race
     * wrote it); when it is not, the next attempt is refused again with the next item.
     */
    public <E, S> ConflictException conflict(AppendBatch<E, S> batch, Map<String, AttributeValue> taken) {
        AggregateType<E, S> type = batch.type();
        if (taken == null || taken.isEmpty()) {
            return ConflictException.concurrentAppend(
                    type.name(), batch.aggregateId(), batch.baseVersion(), Optional.empty(), Optional.empty());
        }
        String where = "the event in the way of %s %s's append".formatted(type.name(), batch.aggregateId());
        long version = Long.parseLong(
                EventItems.n(taken, EventItems.layoutOf(taken).orElse(events).version(), where));
        Optional<Aggregate<S>> current = Optional.empty();
        if (StateItems.carriesState(taken)) {
            try {
                current = Optional.of(StateItems.read(type, taken, codec));
            } catch (EscqrsException unreadable) {
                current = Optional.empty();
            }
        }
        return ConflictException.concurrentAppend(
                type.name(), batch.aggregateId(), batch.baseVersion(), Optional.of(version), current);
    }
}
