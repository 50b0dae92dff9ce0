package dev.escqrs.dynamodb.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.dynamodb.internal.IndexWriter;
import dev.escqrs.dynamodb.internal.StreamRecords;
import dev.escqrs.dynamodb.table.TableNames;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The indexer as a Lambda on the events table's Stream: appends each batch's events to the change-feed index
 * ({@link TableNames#indexTable()}) exactly once, so that every read model and reaction reads the index
 * ({@code DynamoDbIndexFeed}) and the Stream has one reader, this one, however many consumers there are.
 *
 * <p>Configure the event source mapping with {@code FunctionResponseTypes: [ReportBatchItemFailures]}. A retried
 * batch indexes nothing twice, and two containers indexing two shards at once share the index safely (each chunk is
 * put on condition that its place is free; see es-dynamodb's {@code IndexWriter}). A record that holds no event of
 * ours (another table's, a REMOVE, a truncated image) is reported as the batch item failure under
 * {@link BadRecords#STOP}, the default, after the records before it were indexed: after the retries it lands in the
 * mapping's on-failure destination, where an operator sees it; under {@link BadRecords#SKIP} it is logged and counted.
 * An error of the index table (throttled, unreachable) reports the batch's first record, so the whole batch comes
 * again. The handler needs no codec: events of any release are indexed.
 *
 * <p>Lambda needs a public no-argument constructor: extend this class and configure it in yours.
 *
 * <pre>{@code
 * public final class Indexer extends IndexStreamHandler {
 *     public Indexer() {
 *         super(DynamoDbClient.create(), TableNames.withPrefix(System.getenv("TABLE_PREFIX")));
 *     }
 * }
 * }</pre>
 */
public class IndexStreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(IndexStreamHandler.class);

    private final TableNames tables;
    private final BadRecords badRecords;
    private final IndexWriter writer;

    /** An indexer that stops at a record that holds no event of ours ({@link BadRecords#STOP}). */
    public IndexStreamHandler(DynamoDbClient client, TableNames tables) {
        this(client, tables, BadRecords.STOP);
    }

    public IndexStreamHandler(DynamoDbClient client, TableNames tables, BadRecords badRecords) {
        this.tables = Objects.requireNonNull(tables, "tables");
        this.badRecords = Objects.requireNonNull(badRecords, "badRecords");
        // one writer per container: what it learnt of the index serves every batch the container handles
        this.writer = new IndexWriter(
                Objects.requireNonNull(client, "client"),
                tables,
                badRecords,
                Clock.systemUTC(),
                IndexWriter.DEFAULT_HORIZON);
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<DynamodbEvent.DynamodbStreamRecord> lambda = event.getRecords() == null ? List.of() : event.getRecords();
        List<StreamRecords.RawRecord> records =
                lambda.stream().map(LambdaTypedEventDecoder::raw).toList();
        int refused = badRecords == BadRecords.STOP
                ? StreamRecords.firstRefused(records, tables.eventsTable())
                : records.size();
        try {
            writer.write(records.subList(0, refused));
        } catch (RuntimeException e) {
            LOG.error("index: the batch failed; Lambda retries it from its first record", e);
            return records.isEmpty() ? ok() : failedAt(records.getFirst());
        }
        if (refused < records.size()) {
            StreamRecords.RawRecord bad = records.get(refused);
            LOG.error(
                    "index: reporting {} as failed: it {}",
                    StreamRecords.where(bad.eventId(), bad.sequenceNumber()),
                    StreamRecords.problem(bad, tables.eventsTable()));
            return failedAt(bad);
        }
        return ok();
    }

    /** What the handler did since it was made (one per Lambda container). */
    public Counts counts() {
        IndexWriter.Counts counts = writer.counts();
        return new Counts(counts.entries(), counts.repeats(), counts.filled(), counts.skippedRecords());
    }

    /**
     * @param entries        entries appended to the index, gap events included
     * @param repeats        events the index held already (redelivered records)
     * @param filled         events read from the events table because the records skipped them
     * @param skippedRecords records that held no event of ours, stepped over under {@link BadRecords#SKIP}
     */
    public record Counts(long entries, long repeats, long filled, long skippedRecords) {}

    private static StreamsEventResponse ok() {
        return new StreamsEventResponse(new ArrayList<>());
    }

    private static StreamsEventResponse failedAt(StreamRecords.RawRecord record) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        failures.add(new StreamsEventResponse.BatchItemFailure(record.sequenceNumber()));
        return new StreamsEventResponse(failures);
    }
}
