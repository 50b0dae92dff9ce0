package dev.escqrs.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.Snapshot;
import dev.escqrs.core.port.Snapshots;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The {@link Snapshots} port, the same on every store: a snapshot replaces the last, whole, however large. */
public abstract class SnapshotsContract {
    protected SnapshotsContract() {}

    /** Snapshots where the adapter keeps them; each call within a test: the same place. */
    protected abstract Snapshots snapshots();

    private static Snapshot snapshot(String position, int bytes, long seed) {
        byte[] state = new byte[bytes];
        new Random(seed).nextBytes(state);
        return new Snapshot(
                new Checkpoint(position),
                state,
                Instant.parse("2026-12-07T10:00:00Z").plusSeconds(seed));
    }

    @Test
    void saves_loads_replaces_and_deletes_per_name() {
        Snapshots snapshots = snapshots();
        assertThat(snapshots.load("read-model")).isEmpty();

        snapshots.save("read-model", snapshot("p1", 100, 1));
        snapshots.save("other", snapshot("q1", 10, 2));
        snapshots.save("read-model", snapshot("p2", 50, 3));

        assertThat(snapshots.load("read-model")).contains(snapshot("p2", 50, 3));
        snapshots.delete("read-model");
        assertThat(snapshots.load("read-model")).isEmpty();
        assertThat(snapshots.load("other")).contains(snapshot("q1", 10, 2));
    }

    @Test
    void a_state_larger_than_an_item_comes_back_byte_for_byte_and_an_empty_one_too() {
        Snapshots snapshots = snapshots();

        snapshots.save("large", snapshot("p", 1_000_000, 4));
        assertThat(snapshots.load("large")).contains(snapshot("p", 1_000_000, 4));
        snapshots.save("large", snapshot("p", 0, 5));
        assertThat(snapshots.load("large")).contains(snapshot("p", 0, 5));
    }
}
