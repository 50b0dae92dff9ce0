package dev.escqrs.dynamodb;

import dev.escqrs.core.aggregate.AggregateType;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The names of escqrs's tables: one events table for all aggregate types, one aggregate table per type
 * ({@code prefix + aggregateName}), and the stream poller's checkpoint table.
 *
 * <pre>{@code
 * TableNames names = TableNames.withPrefix("blog-");   // blog-events, blog-BlogPost, blog-checkpoints
 * }</pre>
 */
public record TableNames(String eventsTable, String aggregateTablePrefix, String checkpointsTable) {
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    public TableNames {
        requireValid(eventsTable);
        Objects.requireNonNull(aggregateTablePrefix, "aggregateTablePrefix");
        requireValid(checkpointsTable);
    }

    /** {@code prefix + "events"}, {@code prefix + aggregateName}, {@code prefix + "checkpoints"}. */
    public static TableNames withPrefix(String prefix) {
        return new TableNames(prefix + "events", prefix, prefix + "checkpoints");
    }

    public String aggregateTable(AggregateType<?, ?> type) {
        return aggregateTable(type.name());
    }

    public String aggregateTable(String aggregateName) {
        return requireValid(aggregateTablePrefix + aggregateName);
    }

    private static String requireValid(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException(("'%s' is not a valid DynamoDB table name: 3 to 255 characters of "
                    + "a-z, A-Z, 0-9, '_', '-' and '.'").formatted(name));
        }
        return name;
    }
}
