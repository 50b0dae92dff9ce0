package dev.escqrs.cli;

import dev.escqrs.core.codec.JsonCodec;

import java.util.Map;
import java.util.Optional;

/**
 * What the application told the CLI: its aggregate types with their deciders (by name), the codec of their events,
 * and the table prefix its tables have unless {@code --table-prefix} says otherwise. Handed to every command.
 */
record Application(Map<String, Registered<?, ?, ?>> aggregates, JsonCodec codec, Optional<String> defaultPrefix) {
    Application {
        aggregates = Map.copyOf(aggregates);
    }

    Optional<Registered<?, ?, ?>> aggregate(String name) {
        return Optional.ofNullable(aggregates.get(name));
    }
}
