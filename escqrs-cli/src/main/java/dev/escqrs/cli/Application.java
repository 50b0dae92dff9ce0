package dev.escqrs.cli;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.dynamodb.table.StorageMode;
import java.util.Map;
import java.util.Optional;

/**
 * What the application told the CLI: its aggregate types with their deciders (by name), the codec of their events,
 * the table prefix its tables have unless {@code --table-prefix} says otherwise, and the types it stores in a
 * {@link StorageMode} other than the default. Handed to every command.
 */
record Application(
        Map<String, Registered<?, ?, ?>> aggregates,
        JsonCodec codec,
        Optional<String> defaultPrefix,
        Map<String, StorageMode> storage) {
    Application {
        aggregates = Map.copyOf(aggregates);
        storage = Map.copyOf(storage);
    }

    /** The same application, read through {@code other}. */
    Application withCodec(JsonCodec other) {
        return new Application(aggregates, other, defaultPrefix, storage);
    }

    Optional<Registered<?, ?, ?>> aggregate(String name) {
        return Optional.ofNullable(aggregates.get(name));
    }
}
