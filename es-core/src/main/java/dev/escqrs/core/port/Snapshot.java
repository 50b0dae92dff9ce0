package dev.escqrs.core.port;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A read model's state as bytes, and the change-feed position it holds everything up to: what a runner restarts from
 * instead of reading the whole store ({@link dev.escqrs.core.projection.SnapshottingProjection}).
 */
public record Snapshot(Checkpoint position, byte[] state, Instant takenAt) {
    public Snapshot {
        Objects.requireNonNull(position, "position");
        state = Objects.requireNonNull(state, "state").clone();
        Objects.requireNonNull(takenAt, "takenAt");
    }

    @Override
    public byte[] state() {
        return state.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Snapshot that
                && position.equals(that.position)
                && Arrays.equals(state, that.state)
                && takenAt.equals(that.takenAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(position, Arrays.hashCode(state), takenAt);
    }

    @Override
    public String toString() {
        return "Snapshot[%s, %d bytes, taken %s]".formatted(position.value(), state.length, takenAt);
    }
}
