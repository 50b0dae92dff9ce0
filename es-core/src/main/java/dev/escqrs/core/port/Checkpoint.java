package dev.escqrs.core.port;

import java.util.Objects;

/**
 * A position in a {@link ChangeFeed}, opaque to consumers: store it and hand it back to resume after it.
 * {@link #START} is before the first event.
 */
public record Checkpoint(String value) {
    public static final Checkpoint START = new Checkpoint("");

    public Checkpoint {
        Objects.requireNonNull(value, "value");
    }

    public boolean isStart() {
        return value.isEmpty();
    }
}
