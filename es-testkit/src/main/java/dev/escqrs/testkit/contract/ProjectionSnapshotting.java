package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.Snapshot;
import dev.escqrs.core.port.Snapshots;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.SnapshottingProjection;
import dev.escqrs.testkit.internal.Account.Deposited;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link ProjectionContract.Snapshotting}: a runner starts from a read model's snapshot and reads only what came after
 * it; a snapshot that cannot be restored is rebuilt from the store.
 */
abstract class ProjectionSnapshotting extends ProjectionGroup {
    ProjectionSnapshotting(ProjectionContract contract) {
        super(contract);
    }

    @Test
    void a_new_runner_starts_from_the_snapshot_and_reads_only_what_came_after() throws Exception {
        write(ACCOUNT, "s1", 3);
        write(ACCOUNT, "s2", 2);
        Snapshots snapshots = snapshots(stores);
        Balances first = new Balances();
        try (ProjectionRunner.Running running = builder("balances", first)
                .snapshots(snapshots, Duration.ZERO)
                .build()
                .start()) {
            assertThat(running.awaitTailing(Eventually.timeout())).isTrue();
            write(ACCOUNT, "s1", 1);
            Eventually.await("the first runner to apply the deposit", () -> first.appliedVersion("Account", "s1") == 5);
            Eventually.await(
                    "a snapshot holding it",
                    () -> snapshots
                            .load("balances")
                            .map(s -> new String(s.state(), java.nio.charset.StandardCharsets.UTF_8).contains("s1 5 "))
                            .orElse(false));
        }

        Balances second = new Balances(); // a new process: nothing in memory
        ProjectionRunner restarted =
                builder("balances", second).snapshots(snapshots, Duration.ZERO).build();
        try (ProjectionRunner.Running running = restarted.start()) {
            assertThat(running.awaitTailing(Eventually.timeout())).isTrue();
            assertThat(second.state()).isEqualTo(first.state());
            assertThat(second.applied.get())
                    .as("nothing read again from the store or the feed")
                    .isZero();
            write(ACCOUNT, "s2", 2);
            write(ACCOUNT, "s3", 0);
            Eventually.await(
                    "the restarted runner to follow",
                    () -> second.appliedVersion("Account", "s2") == 5 && second.appliedVersion("Account", "s3") == 1);
        }
        assertThat(second.applied.get()).isEqualTo(3);
        assertThat(second.state()).containsEntry("s2", List.of(5L, 6L)).containsEntry("s1", List.of(5L, 7L));
    }

    @Test
    void a_snapshot_that_cannot_be_restored_is_rebuilt_from_the_store() throws Exception {
        write(ACCOUNT, "b1", 2);
        Snapshots snapshots = snapshots(stores);
        snapshots.save(
                "broken",
                new Snapshot(
                        stores.feed().head(),
                        "not a snapshot".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        java.time.Instant.now()));
        Balances balances = new Balances();

        try (ProjectionRunner.Running running = builder("broken", balances)
                .snapshots(snapshots, Duration.ZERO)
                .build()
                .start()) {
            assertThat(running.awaitTailing(Eventually.timeout())).isTrue();
            Eventually.await("the rebuilt read model", () -> balances.appliedVersion("Account", "b1") == 3);
        }
        assertThat(balances.state()).containsEntry("b1", List.of(3L, 3L));
    }

    /** A read model in memory that keeps each account's version and balance, and snapshots them as text. */
    static final class Balances implements SnapshottingProjection {
        final Map<String, long[]> accounts = new ConcurrentHashMap<>(); // id: version, balance
        final AtomicLong applied = new AtomicLong();

        @Override
        public long appliedVersion(String aggregateName, String aggregateId) {
            long[] account = accounts.get(aggregateId);
            return account == null ? 0 : account[0];
        }

        @Override
        public void apply(AggregateEvent<?> event) {
            long amount = event.payload() instanceof Deposited deposited ? deposited.amount() : 0;
            long balance = accounts.containsKey(event.aggregateId()) ? accounts.get(event.aggregateId())[1] : 0;
            accounts.put(event.aggregateId(), new long[] {event.aggregateVersion(), balance + amount});
            applied.incrementAndGet();
        }

        @Override
        public void reset() {
            accounts.clear();
        }

        @Override
        public byte[] snapshot() {
            StringBuilder text = new StringBuilder();
            accounts.forEach((id, a) -> text.append(id)
                    .append(' ')
                    .append(a[0])
                    .append(' ')
                    .append(a[1])
                    .append('\n'));
            return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public void restore(byte[] snapshot) {
            accounts.clear();
            new String(snapshot, java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .forEach(line -> {
                        String[] parts = line.split(" ");
                        accounts.put(parts[0], new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
                    });
        }

        Map<String, List<Long>> state() {
            Map<String, List<Long>> state = new java.util.TreeMap<>();
            accounts.forEach((id, a) -> state.put(id, List.of(a[0], a[1])));
            return state;
        }
    }
}
