package dev.escqrs.dynamodb.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.projection.Projection;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.dynamodb.TableNames;
import dev.escqrs.dynamodb.lambda.LambdaTypedEventDecoder.DecodedRecord;
import dev.escqrs.dynamodb.lambda.LambdaTypedEventDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

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
 * not an event of ours (another table, a MODIFY, an unknown event name, malformed) is skipped, logged and counted by
 * default ({@link BadRecords#SKIP}), or reported like a failure ({@link BadRecords#REPORT}, so that it ends in the
 * mapping's on-failure destination after the retries): it never blocks the shard silently.
 *
 * <p>Lambda needs a public no-argument constructor: extend this class and configure it in yours.
 *
 * <pre>{@code
 * public final class PublishedPostsHandler extends ProjectionStreamHandler {
 *     public PublishedPostsHandler() {
 *         super(ProjectionStreamHandler.builder(new DynamoDbPublishedPosts(CLIENT, "blog-published-posts"))
 *                 .aggregates(BlogPosts.BLOG_POST).store(STORE).codec(CODEC).tables(TABLES));
 *     }
 * }
 * }</pre>
 */
public class ProjectionStreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionStreamHandler.class);

    /** What to do with a record that holds no event of ours. */
    public enum BadRecords {
        /** Log it, count it and go on with the batch. */
        SKIP,
        /** Report it as the batch item failure: Lambda retries from it, then hands it to the on-failure destination. */
        REPORT
    }

    private final Projection projection;
    private final EventStore store;
    private final List<AggregateType<?, ?>> types;
    private final LambdaTypedEventDecoder decoder;
    private final BadRecords badRecords;
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();

    public ProjectionStreamHandler(Builder builder) {
        this.projection = builder.projection;
        this.store = Objects.requireNonNull(builder.store, "store: call store(eventStore) on the builder");
        this.types = List.copyOf(builder.types);
        if (types.isEmpty()) {
            throw new IllegalArgumentException("call aggregates(...) with at least one aggregate type");
        }
        this.decoder = LambdaTypedEventDecoder.strict(Objects.requireNonNull(builder.codec, "codec: call codec(...)"),
                Objects.requireNonNull(builder.tables, "tables: call tables(...)"));
        this.badRecords = builder.badRecords;
    }

    public static Builder builder(Projection projection) {
        return new Builder(projection);
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        // a projector per batch: its version cache must not outlive what this container saw (shards move)
        Projector projector = new Projector(projection, store, types);
        try {
            return apply(decoder.decodeEach(event), projector);
        } finally {
            applied.addAndGet(projector.counts().applied()); // gap events included, also those before a failure
        }
    }

    private StreamsEventResponse apply(List<DecodedRecord> records, Projector projector) {
        for (DecodedRecord record : records) {
            if (record.problem().isPresent()) {
                if (badRecords == BadRecords.SKIP) {
                    skipped.incrementAndGet();
                    LOG.warn("skipping {}: it {}", record.where(), record.problem().get());
                    continue;
                }
                LOG.error("reporting {} as failed: it {}", record.where(), record.problem().get());
                return failedAt(record);
            }
            try {
                projector.apply(record.event().orElseThrow());
            } catch (RuntimeException e) {
                LOG.error("applying {} failed; Lambda retries the batch from it", record.where(), e);
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

    /** Records skipped as not ours since this handler was made (a metric to alarm on). */
    public long skippedCount() {
        return skipped.get();
    }

    /** Events applied to the projection since this handler was made, gap events included. */
    public long appliedCount() {
        return applied.get();
    }

    /** Configures a {@link ProjectionStreamHandler}; aggregates, store, codec and tables are required. */
    public static final class Builder {
        private final Projection projection;
        private final List<AggregateType<?, ?>> types = new ArrayList<>();
        private EventStore store;
        private JsonCodec codec;
        private TableNames tables;
        private BadRecords badRecords = BadRecords.SKIP;

        private Builder(Projection projection) {
            this.projection = Objects.requireNonNull(projection, "projection");
        }

        /** The aggregate types the projection reads; events of others are ignored. */
        public Builder aggregates(AggregateType<?, ?>... types) {
            this.types.addAll(List.of(types));
            return this;
        }

        /** Where gaps are filled from (consistent reads of the events table). */
        public Builder store(EventStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        public Builder codec(JsonCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** The tables, to tell the events table's records from others'. */
        public Builder tables(TableNames tables) {
            this.tables = Objects.requireNonNull(tables, "tables");
            return this;
        }

        /** What to do with records that hold no event of ours (default {@link BadRecords#SKIP}). */
        public Builder badRecords(BadRecords badRecords) {
            this.badRecords = Objects.requireNonNull(badRecords, "badRecords");
            return this;
        }
    }
}
