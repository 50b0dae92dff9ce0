package dev.escqrs.dynamodb.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.Projection;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.dynamodb.lambda.LambdaTypedEventDecoder.DecodedRecord;
import dev.escqrs.dynamodb.table.TableNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Lambda handler for the events table's stream that applies each batch to a {@link Projection} and reports
 * partial batch failures ({@code FunctionResponseTypes: [ReportBatchItemFailures]} on the event source mapping).
 *
 * <p>Records are decoded one by one and applied in the order Lambda delivered them, through a {@link Projector}: each
 * aggregate's events in version order, repeats skipped (a retried batch applies nothing twice), gaps filled from the
 * event store, events of other aggregate types ignored. On the first record that cannot be applied it stops and
 * returns that record's sequence number as the batch item failure: Lambda keeps the progress before it and retries
 * from there (and, with {@code BisectBatchOnFunctionError}, narrows a poison record down). Everything before the
 * reported record was applied; nothing after it was, so an aggregate's order holds across the retry. A record that is
 * not an event of ours (another table, a MODIFY, an unknown event name, malformed) is reported like a failure by
 * default ({@link BadRecords#STOP}: it ends in the mapping's on-failure destination after the retries, and the
 * iterator age shows it), or with {@link BadRecords#SKIP} logged, counted and stepped over. Under
 * {@link BadRecords#PARK} an event of ours that cannot be decoded or applied parks its aggregate in the spec's
 * {@link dev.escqrs.core.projection.Parking} and the batch goes on (the parked aggregates are read once per batch, and
 * those due for a retry, or that an operator asked to retry or skip, are retried first); only an error that says
 * the store is unavailable is reported as the batch item failure. The spec's observer is told of events applied, of
 * failures and of parked aggregates, as a runner's is.
 *
 * <p>Lambda needs a public no-argument constructor: extend this class and configure it in yours.
 *
 * <pre>{@code
 * public final class PublishedPostsHandler extends ProjectionStreamHandler {
 *     public PublishedPostsHandler() {
 *         super(ProjectionStreamHandler.builder(ProjectionSpec.builder("published-posts",
 *                         new DynamoDbPublishedPosts(CLIENT, "blog-published-posts"))
 *                 .aggregates(BlogPosts.BLOG_POST).store(STORE).build()).tables(TABLES));
 *     }
 * }
 * }</pre>
 */
public class ProjectionStreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionStreamHandler.class);

    private final ProjectionSpec spec;
    private final LambdaTypedEventDecoder decoder;
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();

    public ProjectionStreamHandler(Builder builder) {
        this.spec = builder.spec;
        this.decoder = LambdaTypedEventDecoder.of(
                spec, Objects.requireNonNull(builder.tables, "tables: call tables(...) on the builder"));
    }

    /** A handler for the projection of {@code spec}; the spec's bad-record policy and observer apply. */
    public static Builder builder(ProjectionSpec spec) {
        return new Builder(spec);
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        // a projector per batch: its version cache must not outlive what this container saw (shards move)
        Projector projector = new Projector(spec, spec.store());
        try {
            projector.retryParked(Instant.now());
            return apply(decoder.decodeEach(event), projector);
        } finally {
            long count = projector.counts().applied(); // gap events included, also those before a failure
            applied.addAndGet(count);
            if (count > 0) {
                spec.observer().applied(spec.name(), count);
            }
        }
    }

    private StreamsEventResponse apply(List<DecodedRecord> records, Projector projector) {
        for (DecodedRecord record : records) {
            if (record.problem().isPresent()) {
                if (spec.badRecords() == BadRecords.PARK && record.unreadable().isPresent()) {
                    try {
                        projector.apply(List.of(), List.of(record.unreadable().get()));
                        continue;
                    } catch (RuntimeException e) {
                        LOG.error(
                                "{}: parking {} failed; Lambda retries the batch from it",
                                spec.name(),
                                record.where(),
                                e);
                        spec.observer().failed(spec.name(), e);
                        return failedAt(record);
                    }
                }
                if (spec.badRecords() != BadRecords.STOP) {
                    skipped.incrementAndGet();
                    LOG.warn(
                            "{}: skipping {}: it {}",
                            spec.name(),
                            record.where(),
                            record.problem().get());
                    continue;
                }
                LOG.error(
                        "{}: reporting {} as failed: it {}",
                        spec.name(),
                        record.where(),
                        record.problem().get());
                spec.observer()
                        .failed(
                                spec.name(),
                                new SerializationException("%s %s"
                                        .formatted(
                                                record.where(), record.problem().get())));
                return failedAt(record);
            }
            if (record.event().isEmpty()) {
                continue; // an event of an aggregate type this projection does not read
            }
            try {
                projector.apply(record.event().get());
            } catch (RuntimeException e) {
                LOG.error("{}: applying {} failed; Lambda retries the batch from it", spec.name(), record.where(), e);
                spec.observer().failed(spec.name(), e);
                return failedAt(record);
            }
        }
        return new StreamsEventResponse(new ArrayList<>());
    }

    private static StreamsEventResponse failedAt(DecodedRecord record) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        failures.add(new StreamsEventResponse.BatchItemFailure(record.sequenceNumber()));
        return new StreamsEventResponse(failures);
    }

    /** What this handler did since it was made (one per Lambda container). */
    public Counts counts() {
        return new Counts(applied.get(), skipped.get());
    }

    /**
     * What a handler did since it was made.
     *
     * @param applied events applied to the projection, gap events included
     * @param skipped records skipped as not ours ({@link BadRecords#SKIP} and {@link BadRecords#PARK}; a metric to
     *                alarm on)
     */
    public record Counts(long applied, long skipped) {}

    /** Configures a {@link ProjectionStreamHandler}; a spec and the tables are required. */
    public static final class Builder {
        private final ProjectionSpec spec;
        private TableNames tables;

        private Builder(ProjectionSpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        /** The tables, to tell the events table's records from others'. */
        public Builder tables(TableNames tables) {
            this.tables = Objects.requireNonNull(tables, "tables");
            return this;
        }
    }
}
