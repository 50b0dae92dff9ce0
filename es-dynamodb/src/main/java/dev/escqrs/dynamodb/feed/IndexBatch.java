package dev.escqrs.dynamodb.feed;

import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.dynamodb.table.IndexEntry;
import java.util.List;
import java.util.Objects;

/** Index entries read after a position, in index order, and the position after the last of them. */
public record IndexBatch(List<IndexEntry> entries, Checkpoint checkpoint) {
    public IndexBatch {
        entries = List.copyOf(entries);
        Objects.requireNonNull(checkpoint, "checkpoint");
    }
}
