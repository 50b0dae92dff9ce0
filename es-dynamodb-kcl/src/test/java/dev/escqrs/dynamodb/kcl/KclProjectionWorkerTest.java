package dev.escqrs.dynamodb.kcl;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.projection.Projection;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.reaction.Reaction;
import dev.escqrs.core.reaction.Reactor;
import dev.escqrs.core.reaction.Send;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbReactionLedger;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.contract.Eventually;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.internal.Tally;
import dev.escqrs.testkit.projection.RecordingProjection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * KCL with the DynamoDB Streams Kinesis Adapter on moto: two workers of one application share the stream, a stopped
 * worker's lease is taken over at its checkpoint, and restarted workers do not replay what was checkpointed. Every
 * client talks to moto over one connection. moto gives a stream one shard that never splits (see docs/dynamodb.md),
 * so one of the two workers holds the lease at a time.
 */
class KclProjectionWorkerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** The account aggregates, and the tallies the reaction test's commands go to. */
    private static final List<String> TABLES_FOR =
            Stream.concat(Account.AGGREGATE_NAMES.stream(), Stream.of("Tally")).toList();

    private final DynamoDbTestServer server = DynamoDbTestServer.get();
    private final JsonCodec codec = JsonCodec.of(ACCOUNT, Tally.TALLY);
    /** What every worker's tracer was told: an event applied, as "account vN". */
    private final List<String> traced = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final EventIds ids = EventIds.system();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final String application = "kcl-" + UUID.randomUUID().toString().substring(0, 8);
    private DynamoDbTestServer.SerialClients clients;
    private TableNames tables;
    private DynamoDbEventStore store;
    private String streamArn;
    /** What a test adds to every worker's spec (a bad-record policy, parking). */
    private java.util.function.UnaryOperator<ProjectionSpec.Builder> specOptions = b -> b;

    @BeforeEach
    void freshTables() {
        clients = server.serialClients(b -> {});
        tables = TableNames.withPrefix(server.tablePrefix(getClass()));
        new DynamoDbTables(clients.dynamoDb(), tables).createTables(TABLES_FOR);
        store = new DynamoDbEventStore(clients.dynamoDb(), tables, codec);
        streamArn = clients.dynamoDb()
                .describeTable(b -> b.tableName(tables.eventsTable()))
                .table()
                .latestStreamArn();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        clients.close();
    }

    private void write(String id, int deposits) {
        Account.openAndDeposit(store, store, ACCOUNT, ids, id, deposits);
    }

    private List<Long> stored(String id) {
        try (Stream<AggregateEvent<Account.Event>> events = store.events(ACCOUNT, id)) {
            return events.map(AggregateEvent::aggregateVersion).toList();
        }
    }

    private void awaitAll(RecordingProjection projection, List<String> accounts) {
        Eventually.await(
                "the projection to hold every event of " + accounts,
                PATIENCE,
                () -> accounts.stream()
                        .allMatch(id -> projection.events("Account", id).stream()
                                .map(AggregateEvent::aggregateVersion)
                                .toList()
                                .equals(stored(id))),
                () -> "(holds %d events)".formatted(projection.total()));
    }

    /** A worker as a container would run it: clients of its own, each with one connection to moto. */
    private KclProjectionWorker worker(String workerId, Projection projection) {
        return worker(workerId, projection, java.util.Map.of(streamArn, store));
    }

    private KclProjectionWorker worker(
            String workerId, Projection projection, java.util.Map<String, DynamoDbEventStore> streams) {
        return worker(workerId, projection, streams, Optional.empty());
    }

    private KclProjectionWorker worker(
            String workerId,
            Projection projection,
            java.util.Map<String, DynamoDbEventStore> streams,
            Optional<ExecutionInterceptor> streamFaults) {
        KclClients kcl = KclClients.of(server, streamFaults);
        open.add(kcl);
        // each stream's own store fills its gaps; the spec's is the default for a stream given without one
        ProjectionSpec.Builder spec = ProjectionSpec.builder(application, projection)
                .aggregates(ACCOUNT)
                .tracer((name, event) -> {
                    traced.add(event.aggregateId() + " v" + event.aggregateVersion());
                    return dev.escqrs.core.projection.ProjectionTracer.Applying.NONE;
                })
                .store(streams.values().iterator().next())
                .codec(codec);
        spec = specOptions.apply(spec);
        KclProjectionWorker.Builder builder =
                KclProjectionWorker.builder(spec.build()).tables(tables);
        streams.forEach(builder::stream);
        KclProjectionWorker worker = kcl.configure(builder).workerId(workerId).build();
        open.add(worker);
        return worker.start();
    }

    @Test
    void two_workers_deliver_everything_in_order_a_stopped_workers_lease_is_taken_over_and_a_restart_replays_nothing() {
        List<String> accounts = List.of("k1", "k2", "k3", "k4");
        accounts.forEach(id -> write(id, 3));
        RecordingProjection projection = new RecordingProjection();
        KclProjectionWorker a = worker("worker-a", projection);
        KclProjectionWorker b = worker("worker-b", projection);

        awaitAll(projection, accounts);
        Eventually.await(
                "one worker to hold the shard's lease",
                PATIENCE,
                () -> a.shardsHeld().size() + b.shardsHeld().size() == 1,
                () -> "");
        KclProjectionWorker holder = a.shardsHeld().isEmpty() ? b : a;
        KclProjectionWorker other = holder == a ? b : a;

        holder.close();
        write("k1", 2);
        write("k5", 1);
        List<String> more = List.of("k1", "k2", "k3", "k4", "k5");
        awaitAll(projection, more);

        assertThat(other.shardsHeld()).as("the other worker took the lease").hasSize(1);
        assertThat(other.counts().repeats())
                .as("it resumed at the stopped worker's checkpoint")
                .isZero();
        assertThat(projection.breaches())
                .as("each aggregate in version order, each event once")
                .isEmpty();

        other.close();
        write("k2", 1);
        RecordingProjection sameTable = projection;
        KclProjectionWorker c = worker("worker-c", sameTable);
        KclProjectionWorker d = worker("worker-d", sameTable);
        awaitAll(sameTable, more);

        assertThat(c.counts().repeats() + d.counts().repeats())
                .as("restarted workers replay nothing before the checkpoint")
                .isZero();
        assertThat(c.counts().applied() + d.counts().applied())
                .as("only the event written while both were down")
                .isEqualTo(1);
        assertThat(sameTable.breaches()).isEmpty();
        assertThat(traced)
                .as("the spec's tracer saw each event applied, once (to continue its command's trace)")
                .hasSize(sameTable.total())
                .doesNotHaveDuplicates()
                .contains("k1 v1", "k5 v1");
    }

    /**
     * A reactor under KCL (each deposit marks its account's tally): a worker stops after sending, another takes the
     * lease over at the checkpoint and redelivers what came after it; every deposit is marked once.
     */
    @Test
    void a_reactor_under_kcl_takes_each_effect_once_across_a_lease_takeover() {
        String ledgerTable = tables.eventsTable() + "-ledger";
        DynamoDbReactionLedger.createTable(clients.dynamoDb(), ledgerTable);
        var tallies = CommandHandler.builder(Tally.TALLY, Tally.DECIDER)
                .store(store, store)
                .cacheSize(0)
                .build();
        Reaction marks = Reaction.on(
                ACCOUNT,
                Account.Deposited.class,
                (event, deposited) -> List.of(Send.to(
                        Tally.TALLY,
                        CommandRequest.createOrUpdate(
                                "tally-" + event.aggregateId(), "reaction:marks", new Tally.Mark(event.eventId())))));
        java.util.function.Supplier<Reactor> reactor = () -> Reactor.builder("marks", marks)
                .handlers(tallies)
                .ledger(new DynamoDbReactionLedger(clients.dynamoDb(), ledgerTable))
                .build();
        java.util.function.LongSupplier marked = () ->
                store.read(Tally.TALLY, "tally-r1").map(a -> a.state().marks()).orElse(0L);
        write("r1", 3);

        KclProjectionWorker first = worker("worker-a", reactor.get());
        Eventually.await("3 deposits marked", PATIENCE, () -> marked.getAsLong() == 3, () -> "" + marked.getAsLong());
        first.close();
        write("r1", 2);
        KclProjectionWorker second = worker("worker-b", reactor.get());
        Eventually.await("5 deposits marked", PATIENCE, () -> marked.getAsLong() == 5, () -> "" + marked.getAsLong());

        assertThat(store.read(Tally.TALLY, "tally-r1").orElseThrow().version())
                .as("one event per deposit")
                .isEqualTo(5);
        assertThat(second.counts().applied()).isPositive();
    }

    /**
     * moto gives a stream one shard, so two leases need two streams: two escqrs stores consumed by one application
     * (one lease table). KCL spreads the two leases over the two workers, and each stream's events reach the
     * projection.
     */
    @Test
    void two_leases_are_split_between_two_workers() {
        TableNames otherTables = TableNames.withPrefix(server.tablePrefix(getClass()));
        new DynamoDbTables(clients.dynamoDb(), otherTables).createTables(TABLES_FOR);
        DynamoDbEventStore other = new DynamoDbEventStore(clients.dynamoDb(), otherTables, codec);
        String otherArn = clients.dynamoDb()
                .describeTable(b -> b.tableName(otherTables.eventsTable()))
                .table()
                .latestStreamArn();
        DynamoDbEventStore first = store;
        java.util.Map<String, DynamoDbEventStore> both = new java.util.LinkedHashMap<>();
        both.put(streamArn, first);
        both.put(otherArn, other);
        RecordingProjection projection = new RecordingProjection();

        KclProjectionWorker a = worker("worker-a", projection, both);
        KclProjectionWorker b = worker("worker-b", projection, both);

        Eventually.await(
                "each worker to hold one of the two leases",
                PATIENCE,
                () -> a.shardsHeld().size() == 1 && b.shardsHeld().size() == 1,
                () -> "(a holds %s, b holds %s)".formatted(a.shardsHeld(), b.shardsHeld()));
        // written once the leases are split, so that each stream's events are its holder's to apply (written before,
        // one worker could apply both streams while it held both leases, before KCL balanced them)
        write("s1", 2);
        store = other;
        write("s2", 3);
        store = first;
        Eventually.await(
                "both streams' events to arrive",
                PATIENCE,
                () -> projection.events("Account", "s1").size() == 3
                        && projection.events("Account", "s2").size() == 4,
                () -> "(holds %d)".formatted(projection.total()));
        assertThat(a.counts().applied())
                .as("worker a applied its stream's events")
                .isPositive();
        assertThat(b.counts().applied())
                .as("worker b applied its stream's events")
                .isPositive();
        assertThat(projection.breaches()).isEmpty();
    }

    @Test
    void a_lease_at_a_trimmed_checkpoint_catches_up_from_the_store_before_the_shard_resumes() {
        write("t1", 2);
        RecordingProjection projection = new RecordingProjection();
        KclProjectionWorker first = worker("worker-a", projection);
        awaitAll(projection, List.of("t1"));
        Eventually.await("a checkpoint", PATIENCE, () -> first.counts().batches() > 0, () -> "");
        first.close();
        write("t1", 1);
        write("t2", 1);

        TrimmedCheckpoint trimmed = new TrimmedCheckpoint();
        KclProjectionWorker second =
                worker("worker-b", projection, java.util.Map.of(streamArn, store), Optional.of(trimmed));
        awaitAll(projection, List.of("t1", "t2"));

        assertThat(trimmed.refused.get())
                .as("the adapter and the worker both met the trimmed checkpoint")
                .isGreaterThanOrEqualTo(2);
        assertThat(second.counts().heals()).isEqualTo(1);
        assertThat(first.counts().heals()).isZero();
        assertThat(projection.breaches())
                .as("caught up from the store, then the stream's records came as repeats")
                .isEmpty();
    }

    @Test
    void under_park_a_failing_event_parks_its_aggregate_and_the_shard_goes_on() {
        dev.escqrs.dynamodb.DynamoDbParking parking =
                new dev.escqrs.dynamodb.DynamoDbParking(clients.dynamoDb(), tables);
        specOptions =
                b -> b.badRecords(dev.escqrs.core.projection.BadRecords.PARK).parking(parking);
        write("k1", 2);
        write("k2", 2);
        RecordingProjection projection = new RecordingProjection().beforeApply(event -> {
            if (event.aggregateId().equals("k2") && event.aggregateVersion() == 2) {
                throw new IllegalStateException("bug in the handler");
            }
        });

        worker("w1", projection);
        awaitAll(projection, List.of("k1"));
        Eventually.await(
                "k2 to be parked at version 2",
                PATIENCE,
                () -> parking.find(application, "Account", "k2")
                        .filter(e -> e.head().version() == 2)
                        .isPresent(),
                () -> "(parked: " + parking.parked(application) + ")");
        write("k1", 1);
        write("k2", 1);

        awaitAll(projection, List.of("k1"));
        Eventually.await(
                "k2's new event to wait behind its head",
                PATIENCE,
                () -> parking.find(application, "Account", "k2")
                        .filter(e -> e.lastSeenVersion() == 4)
                        .isPresent(),
                () -> "(parked: " + parking.parked(application) + ")");
        assertThat(projection.events("Account", "k2"))
                .extracting(AggregateEvent::aggregateVersion)
                .containsExactly(1L);
    }
}
