package dev.escqrs.core.projection;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.internal.Identifiers;
import dev.escqrs.core.port.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One projection, as every way of running it needs it: its name (the checkpoint's, the lease table's, the logs'), the
 * projection, the aggregate types it reads (events of others are ignored), the store gaps are filled from, the codec of
 * their events, what to do with a record that holds no event of ours, and who is told what it did. The same spec runs
 * under a {@link ProjectionRunner} (in a service), a {@code ProjectionStreamHandler} (on Lambda) or a
 * {@code KclProjectionWorker} (on many machines); each adds only what is its own (a feed, tables, KCL's clients).
 *
 * <pre>{@code
 * ProjectionSpec spec = ProjectionSpec.builder("published-posts", publishedPosts)
 *         .aggregates(BLOG_POST)
 *         .store(store)
 *         .build();                                        // codec: JsonCodec.of(BLOG_POST); badRecords: STOP
 * ProjectionRunner runner = ProjectionRunner.builder(spec).feed(feed).build();
 * }</pre>
 *
 * @param codec      decodes the events of the stream's records (default {@code JsonCodec.of(aggregates)}); a runner's
 *                   feed decodes with its own
 * @param badRecords what a stream consumer does with a record that holds no event of ours (default
 *                   {@link BadRecords#STOP}, and why: see {@link BadRecords})
 * @param observer   told of events applied, failures and heals, for metrics (default: nobody)
 * @param tracer     told of each event applied, to continue the command's trace (default: nobody)
 * @param parking    where aggregates are parked under {@link BadRecords#PARK}: empty under the other policies; under
 *                   PARK {@link Parking#inMemory()} unless given, which a {@link DurableProjection} must be
 * @param retries    how parked aggregates are retried by the runner itself (default {@link ParkingRetries#DEFAULT})
 */
public record ProjectionSpec(
        String name,
        Projection projection,
        List<AggregateType<?, ?>> aggregates,
        EventStore store,
        JsonCodec codec,
        BadRecords badRecords,
        ProjectionObserver observer,
        ProjectionTracer tracer,
        Optional<Parking> parking,
        ParkingRetries retries) {
    public ProjectionSpec {
        Identifiers.requireValid("projection name", name);
        Objects.requireNonNull(projection, "projection");
        aggregates = List.copyOf(aggregates);
        if (aggregates.isEmpty()) {
            throw new IllegalArgumentException("projection " + name + ": call aggregates(...) with at least one type");
        }
        Objects.requireNonNull(store, "projection " + name + ": call store(eventStore) (gaps are filled from it)");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(badRecords, "badRecords");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(tracer, "tracer");
        Objects.requireNonNull(parking, "parking");
        Objects.requireNonNull(retries, "retries");
        if (badRecords == BadRecords.PARK && parking.isEmpty()) {
            if (projection instanceof DurableProjection) {
                throw new IllegalArgumentException(("projection %s is durable: its parked aggregates must outlive the "
                                + "process as its position does; call parking(...) on the spec's builder with a durable "
                                + "Parking (on DynamoDB: new DynamoDbParking(client, tables), in the checkpoint table)")
                        .formatted(name));
            }
            parking = Optional.of(Parking.inMemory());
        }
        if (badRecords != BadRecords.PARK) {
            parking = Optional.empty();
        }
    }

    /** This spec with another observer (what a host adds beside the application's, e.g. its meters). */
    public ProjectionSpec withObserver(ProjectionObserver newObserver) {
        return new ProjectionSpec(
                name, projection, aggregates, store, codec, badRecords, newObserver, tracer, parking, retries);
    }

    /** This spec with another tracer. */
    public ProjectionSpec withTracer(ProjectionTracer newTracer) {
        return new ProjectionSpec(
                name, projection, aggregates, store, codec, badRecords, observer, newTracer, parking, retries);
    }

    /** A spec for {@code projection}, whose checkpoint (or KCL application) is named {@code name}. */
    public static Builder builder(String name, Projection projection) {
        return new Builder(name, projection);
    }

    /** Configures a {@link ProjectionSpec}; aggregates and store are required. */
    public static final class Builder {
        private final String name;
        private final Projection projection;
        private final List<AggregateType<?, ?>> aggregates = new ArrayList<>();
        private EventStore store;
        private JsonCodec codec;
        private BadRecords badRecords = BadRecords.STOP;
        private ProjectionObserver observer = ProjectionObserver.NONE;
        private ProjectionTracer tracer = ProjectionTracer.NONE;
        private Parking parking;
        private ParkingRetries retries = ParkingRetries.DEFAULT;

        private Builder(String name, Projection projection) {
            this.name = name;
            this.projection = projection;
        }

        /** The aggregate types whose events the projection reads (at least one); events of others are ignored. */
        public Builder aggregates(AggregateType<?, ?>... types) {
            aggregates.addAll(List.of(types));
            return this;
        }

        /** Where the backfill and the gap filling read (consistent reads). */
        public Builder store(EventStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The codec of the stream's events (default {@code JsonCodec.of(aggregates)}). */
        public Builder codec(JsonCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /**
         * What to do with a record that holds no event of ours and, under {@link BadRecords#PARK}, with an event the
         * projection cannot apply (default {@link BadRecords#STOP}).
         */
        public Builder badRecords(BadRecords badRecords) {
            this.badRecords = Objects.requireNonNull(badRecords, "badRecords");
            return this;
        }

        /** Told of events applied, failures and heals, for metrics (default: nobody). */
        public Builder observer(ProjectionObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** Told of each event applied, to continue the trace of the command that produced it (default: nobody). */
        public Builder tracer(ProjectionTracer tracer) {
            this.tracer = Objects.requireNonNull(tracer, "tracer");
            return this;
        }

        /**
         * Where parked aggregates are kept under {@link BadRecords#PARK} (default {@link Parking#inMemory()}, which a
         * {@link DurableProjection} may not use: its parked aggregates must be as durable as its position).
         */
        public Builder parking(Parking parking) {
            this.parking = Objects.requireNonNull(parking, "parking");
            return this;
        }

        /** How parked aggregates are retried by the runner itself (default {@link ParkingRetries#DEFAULT}). */
        public Builder retries(ParkingRetries retries) {
            this.retries = Objects.requireNonNull(retries, "retries");
            return this;
        }

        public ProjectionSpec build() {
            if (aggregates.isEmpty()) {
                throw new IllegalArgumentException(
                        "projection " + name + ": call aggregates(...) with at least one type");
            }
            JsonCodec chosen = codec != null ? codec : JsonCodec.of(aggregates.toArray(AggregateType<?, ?>[]::new));
            return new ProjectionSpec(
                    name,
                    projection,
                    aggregates,
                    store,
                    chosen,
                    badRecords,
                    observer,
                    tracer,
                    Optional.ofNullable(parking),
                    retries);
        }
    }
}
