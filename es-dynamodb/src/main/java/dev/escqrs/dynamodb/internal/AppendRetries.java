package dev.escqrs.dynamodb.internal;

import dev.escqrs.core.command.RetryPolicy;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.StoreUnavailableException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.internal.Pauses;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.dynamodb.table.TableNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Sends an append and settles its outcome. Throttling and DynamoDB's transaction conflicts are retried with
 * backoff. Ambiguous failures (a timeout, a lost connection, a 5xx after the request left) are resent with the same
 * token; when the condition then fails, the refused row showing our last event id, or a consistent read of the
 * event at the batch's first version carrying our event id, proves that the first attempt committed. That is safe
 * also on servers that ignore the token. What each failure is, {@link WriteFailures} decides.
 */
public final class AppendRetries {
    private final DynamoDbClient client;
    private final TableNames tables;
    private final RetryPolicy retryPolicy;
    private final AppendTransactions transactions;
    private final EventItems events;
    private final AggregateItems rows;

    public AppendRetries(
            DynamoDbClient client, TableNames tables, RetryPolicy retryPolicy, AppendTransactions transactions) {
        this.client = client;
        this.tables = tables;
        this.retryPolicy = retryPolicy;
        this.transactions = transactions;
        this.events = EventItems.of(tables.layout());
        this.rows = AggregateItems.of(tables.layout());
    }

    /** Writes {@code request}, the transaction of {@code batch}, once; a lost race is the batch's conflict. */
    public <E, S> void send(AppendBatch<E, S> batch, TransactWriteItemsRequest request) {
        send(batch, () -> client.transactWriteItems(request), (failure, ambiguous) -> {
            List<CancellationReason> reasons = ((TransactionCanceledException) failure).cancellationReasons();
            if (ambiguous && (WriteFailures.rowShowsOurCommit(batch, reasons, rows) || committed(batch))) {
                return null;
            }
            return transactions.conflict(batch, reasons);
        });
    }

    /**
     * Writes {@code items}, the one-item-mode items of {@code batch}, once: one {@code PutItem}, or a transaction of
     * puts. A refusal after an ambiguous failure is settled by the event id on the item in the batch's first slot.
     */
    public <E, S> void sendOneItem(
            AppendBatch<E, S> batch, OneItemAppends appends, List<Map<String, AttributeValue>> items) {
        if (items.size() == 1) {
            PutItemRequest put = appends.put(items.getFirst());
            send(batch, () -> client.putItem(put), (failure, ambiguous) -> {
                Map<String, AttributeValue> taken = ((ConditionalCheckFailedException) failure).hasItem()
                        ? ((ConditionalCheckFailedException) failure).item()
                        : null;
                return ambiguous && (appends.isOurs(batch, taken) || committed(batch))
                        ? null
                        : appends.conflict(batch, taken);
            });
            return;
        }
        TransactWriteItemsRequest transaction = appends.transaction(items);
        send(batch, () -> client.transactWriteItems(transaction), (failure, ambiguous) -> {
            List<CancellationReason> reasons = ((TransactionCanceledException) failure).cancellationReasons();
            Map<String, AttributeValue> taken = reasons.stream()
                    .filter(r -> "ConditionalCheckFailed".equals(r.code()))
                    .findFirst()
                    .map(CancellationReason::item)
                    .orElse(null);
            return ambiguous && (appends.isOurs(batch, reasons.getFirst().item()) || committed(batch))
                    ? null
                    : appends.conflict(batch, taken);
        });
    }

    /** What a refused write means: null when it proves our own earlier commit, else the conflict to throw. */
    @FunctionalInterface
    private interface Refusal {
        ConflictException settle(RuntimeException failure, boolean afterAmbiguous);
    }

    private <E, S> void send(AppendBatch<E, S> batch, Runnable write, Refusal refusal) {
        String what = "%s %s append of versions %d to %d"
                .formatted(
                        batch.type().name(),
                        batch.aggregateId(),
                        batch.baseVersion() + 1,
                        batch.aggregate().version());
        boolean ambiguous = false;
        RuntimeException last = null;
        for (int attempt = 1; attempt <= retryPolicy.maxAttempts(); attempt++) {
            try {
                write.run();
                return;
            } catch (RuntimeException failure) {
                WriteFailures.Kind kind = failure instanceof ConditionalCheckFailedException
                        ? WriteFailures.Kind.CONDITION_FAILED
                        : WriteFailures.classify(failure);
                switch (kind) {
                    case CONDITION_FAILED -> {
                        ConflictException conflict = refusal.settle(failure, ambiguous);
                        if (conflict == null) {
                            return;
                        }
                        throw conflict;
                    }
                    case RETRY -> last = failure;
                    case AMBIGUOUS -> {
                        ambiguous = true;
                        last = failure;
                    }
                    case REFUSED -> throw refused(batch, what, failure);
                }
            }
            if (attempt < retryPolicy.maxAttempts()) {
                Pauses.sleep(
                        Pauses.after(
                                retryPolicy.baseDelay(), retryPolicy.maxDelay(), attempt, ThreadLocalRandom.current()),
                        "waiting to retry a DynamoDB write");
            }
        }
        if (ambiguous) {
            if (committed(batch)) {
                return;
            }
            throw new StoreUnavailableException(
                    ("%s failed %d times without a clear answer (last: %s); a consistent "
                                    + "read afterwards does not find it, so it was not written")
                            .formatted(what, retryPolicy.maxAttempts(), last.getMessage()),
                    last);
        }
        throw new StoreUnavailableException(
                "%s failed %d times (last: %s); nothing was written"
                        .formatted(what, retryPolicy.maxAttempts(), last.getMessage()),
                last);
    }

    private RuntimeException refused(AppendBatch<?, ?> batch, String what, RuntimeException failure) {
        if (failure instanceof ResourceNotFoundException missing) {
            List<String> touched = List.of(tables.eventsTable(), tables.aggregateTable(batch.type()));
            return ReadFailures.missingTable(missing, missingOf(touched), () -> what, ReadFailures.CREATE_TABLES)
                    .orElseThrow();
        }
        if (failure instanceof TransactionCanceledException cancelled) {
            return new StoreUnavailableException(
                    "%s was cancelled by DynamoDB (%s); nothing was written"
                            .formatted(what, WriteFailures.codes(cancelled.cancellationReasons())),
                    cancelled);
        }
        if (failure instanceof DynamoDbException refused) {
            return new EscqrsException(
                    "%s was refused by DynamoDB: %s"
                            .formatted(
                                    what,
                                    ReadFailures.keySchemaMismatch(refused).orElse(refused.getMessage())),
                    refused);
        }
        return failure;
    }

    /**
     * Which of {@code touched} do not exist, asked of {@code DescribeTable} (a transaction's error does not say): on
     * this error path only. All of them when the answer does not tell.
     */
    private List<String> missingOf(List<String> touched) {
        List<String> missing = new ArrayList<>();
        for (String table : touched) {
            try {
                client.describeTable(b -> b.tableName(table));
            } catch (ResourceNotFoundException absent) {
                missing.add(table);
            } catch (SdkException unknown) {
                return touched;
            }
        }
        return missing.isEmpty() ? touched : missing;
    }

    /** Whether the batch's first event is stored with our event id: a consistent read. */
    private boolean committed(AppendBatch<?, ?> batch) {
        AggregateEvent<?> first = batch.events().getFirst();
        GetItemResponse response;
        try {
            response = client.getItem(b -> b.tableName(tables.eventsTable())
                    .consistentRead(true)
                    .key(events.key(first.streamId(), first.aggregateVersion()))
                    .projectionExpression("#eid")
                    .expressionAttributeNames(Map.of("#eid", events.eventId())));
        } catch (SdkException e) {
            // the write may have been applied and the store does not answer the read that would tell: say so
            throw new StoreUnavailableException(
                    ("the outcome of appending %s %s v%d is unknown: a write without a clear "
                                    + "answer, and the read-back that would tell failed too (%s). Read the aggregate before retrying")
                            .formatted(
                                    first.aggregateName(),
                                    first.aggregateId(),
                                    first.aggregateVersion(),
                                    e.getMessage()),
                    e);
        }
        return response.hasItem()
                && response.item().containsKey(events.eventId())
                && first.eventId().equals(response.item().get(events.eventId()).s());
    }
}
