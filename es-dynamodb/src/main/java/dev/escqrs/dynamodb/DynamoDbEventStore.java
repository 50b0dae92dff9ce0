package dev.escqrs.dynamodb;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.RetryPolicy;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.StoreUnavailableException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.internal.Identifiers;
import dev.escqrs.core.internal.runtime.ReadArguments;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.port.ReadConsistency;
import dev.escqrs.dynamodb.internal.AppendRetries;
import dev.escqrs.dynamodb.internal.AppendTransactions;
import dev.escqrs.dynamodb.internal.EventQueries;
import dev.escqrs.dynamodb.internal.OneItemAppends;
import dev.escqrs.dynamodb.internal.OneItemReads;
import dev.escqrs.dynamodb.internal.StorageMarkers;
import dev.escqrs.dynamodb.internal.WriteFailures;
import dev.escqrs.dynamodb.table.StorageMode;
import dev.escqrs.dynamodb.table.TableNames;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The event store and aggregate reader on DynamoDB.
 *
 * <p>Each aggregate type is stored in the {@link StorageMode} its {@link TableNames#storage} names. In two-item mode
 * (the default) one append is one {@code TransactWriteItems}: the aggregate row (condition {@code attribute_not_exists}
 * for a new aggregate, else {@code #version <= :expected}) and one put per event ({@code attribute_not_exists}, so the
 * events table itself refuses a second event at a version, and is the lock). The row and the log can never disagree.
 * A failed row condition returns the current row ({@code ALL_OLD}), which becomes the {@link ConflictException}'s
 * current aggregate: a conflict costs no extra read. In one-item mode a single-event append is one {@code PutItem} of
 * the event with the new state on it, the refused put returning the item in its slot.
 *
 * <p>DynamoDB's limits are checked before sending (the limits every store shares): at most {@value AppendBatch#MAX_EVENTS}
 * events, 400 KB per item, 4 MB per transaction.
 *
 * <p>Failures: throttling and transaction conflicts inside DynamoDB are retried with backoff, then surfaced as
 * {@link StoreUnavailableException}. Ambiguous failures (a timeout, a lost connection, a 5xx after the request left)
 * are retried with the same {@code ClientRequestToken}, and settled by what the refused row or a consistent read
 * shows; the SDK's own retries are off for the transaction, so that no retry goes unseen.
 *
 * <p>The parts, each readable alone: {@code AppendTransactions} builds and checks the transactions,
 * {@code AppendRetries} sends them and settles ambiguous outcomes, {@code WriteFailures} classifies DynamoDB's
 * errors, {@code EventQueries} reads.
 *
 * <pre>{@code
 * DynamoDbEventStore store = new DynamoDbEventStore(client, TableNames.withPrefix("blog-"), JsonCodec.of(BLOG_POST));
 * }</pre>
 */
public final class DynamoDbEventStore implements EventStore, AggregateReader {
    private final TableNames tables;
    private final JsonCodec codec;
    private final AppendTransactions transactions;
    private final AppendRetries retries;
    private final EventQueries queries;
    private final DynamoDbClient client;
    private final OneItemAppends oneItem;
    private final OneItemReads oneItemReads;
    private final StorageMarkers markers;

    public DynamoDbEventStore(DynamoDbClient client, TableNames tables, JsonCodec codec) {
        this(client, tables, codec, new RetryPolicy(6, Duration.ofMillis(25), Duration.ofSeconds(2)));
    }

    /**
     * @param retryPolicy how often and how patiently to retry throttling (also keys a {@code BatchGetItem} left
     *                    unprocessed), DynamoDB's transaction conflicts and ambiguous failures (not
     *                    optimistic-concurrency conflicts, which go back to the caller)
     */
    public DynamoDbEventStore(DynamoDbClient client, TableNames tables, JsonCodec codec, RetryPolicy retryPolicy) {
        this.client = Objects.requireNonNull(client, "client");
        this.tables = Objects.requireNonNull(tables, "tables");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.transactions = new AppendTransactions(tables, codec);
        this.retries =
                new AppendRetries(client, tables, Objects.requireNonNull(retryPolicy, "retryPolicy"), transactions);
        this.queries = new EventQueries(client, tables, codec, retryPolicy);
        this.oneItem = new OneItemAppends(tables, codec);
        this.oneItemReads = new OneItemReads(queries, codec);
        this.markers = new StorageMarkers(client, tables, Clock.systemUTC());
    }

    public JsonCodec codec() {
        return codec;
    }

    public TableNames tables() {
        return tables;
    }

    @Override
    public <E, S> void append(AppendBatch<E, S> batch) {
        if (tables.storage(batch.type().name()) == StorageMode.TWO_ITEM) {
            retries.send(
                    batch,
                    transactions.append(batch, markers.present(batch.type().name())));
            return;
        }
        List<Map<String, AttributeValue>> items = oneItem.items(batch);
        markers.ensureWritten(batch.type().name());
        try {
            retries.sendOneItem(batch, oneItem, items);
        } catch (ConflictException refused) {
            if (batch.baseVersion() != 0 || batch.type().currentIn(refused).isEmpty()) {
                throw refused;
            }
            // a create refused by the aggregate's first event: say how far the aggregate is now, as a row would
            Optional<Aggregate<S>> newest = read(batch.type(), batch.aggregateId());
            throw ConflictException.concurrentAppend(
                    batch.type().name(),
                    batch.aggregateId(),
                    0,
                    Optional.of(newest.map(Aggregate::version).orElse(0L)),
                    newest);
        }
    }

    /**
     * In two-item mode one consistent {@code GetItem} of the row; in one-item mode one consistent {@code Query} of the
     * newest event (see {@link StorageMode}); a type in two-item mode whose events were written in one-item mode reads
     * both, until its rows are brought up to date.
     */
    @Override
    public <S> Optional<Aggregate<S>> read(AggregateType<?, S> type, String aggregateId) {
        Identifiers.requireValid("aggregateId", aggregateId);
        if (tables.storage(type.name()) == StorageMode.ONE_ITEM) {
            return oneItemReads.read(type, aggregateId);
        }
        Optional<Aggregate<S>> row = queries.row(type, aggregateId);
        return markers.present(type.name()) ? oneItemReads.read(type, aggregateId, () -> row) : row;
    }

    /**
     * One {@code TransactWriteItems}. Two-item mode: the row and two condition checks on the events (see
     * {@code AppendTransactions}). One-item mode: the state's attributes on the newest event's item, if it is
     * {@code lastEventId}, and a check that no later event exists; the event itself is not touched.
     */
    @Override
    public <S> boolean rewrite(AggregateType<?, S> type, Aggregate<S> rebuilt, String lastEventId) {
        try {
            client.transactWriteItems(
                    tables.storage(type.name()) == StorageMode.ONE_ITEM
                            ? oneItem.rewrite(type, rebuilt, lastEventId, java.time.Instant.now())
                            : transactions.rewrite(type, rebuilt, lastEventId));
            return true;
        } catch (TransactionCanceledException e) {
            if (WriteFailures.conditionFailed(e.cancellationReasons())) {
                return false;
            }
            throw new StoreUnavailableException(
                    "rewriting the row of %s %s was cancelled by DynamoDB (%s)"
                            .formatted(type.name(), rebuilt.id(), WriteFailures.codes(e.cancellationReasons())),
                    e);
        }
    }

    @Override
    public <E> Stream<AggregateEvent<E>> events(
            AggregateType<E, ?> type, String aggregateId, long fromVersion, ReadConsistency consistency) {
        ReadArguments.requireValidRead(type, aggregateId, fromVersion);
        return queries.history(type, aggregateId, fromVersion, Objects.requireNonNull(consistency, "consistency"));
    }

    /** A parallel {@code Scan} segment of the events table, consistent, {@value EventQueries#PAGE_SIZE} items a page. */
    @Override
    public Stream<AggregateEvent<Object>> allEvents(Set<String> aggregateNames, int segment, int totalSegments) {
        ReadArguments.requireValidSegment(aggregateNames, segment, totalSegments);
        return queries.segment(aggregateNames, segment, totalSegments);
    }

    /** {@link #allEvents}, as stored: for a runner that parks the aggregate of an event it cannot decode. */
    @Override
    public Stream<EncodedEvent> allEncodedEvents(Set<String> aggregateNames, int segment, int totalSegments) {
        ReadArguments.requireValidSegment(aggregateNames, segment, totalSegments);
        return queries.encodedSegment(aggregateNames, segment, totalSegments);
    }

    /**
     * Through the by-name index, which the tables have only when their {@link TableNames#withEventsByName} says so;
     * the events are read consistently.
     *
     * @throws UnsupportedOperationException the tables have no by-name index
     */
    @Override
    public Stream<AggregateEvent<Object>> eventsByName(String eventName) {
        return eventsByName(eventName, ReadConsistency.STRONG);
    }

    @Override
    public Stream<AggregateEvent<Object>> eventsByName(String eventName, ReadConsistency consistency) {
        Identifiers.requireValid("eventName", eventName);
        return queries.byName(eventName, Objects.requireNonNull(consistency, "consistency"));
    }
}
