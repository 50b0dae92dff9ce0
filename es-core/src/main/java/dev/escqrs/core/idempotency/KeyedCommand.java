package dev.escqrs.core.idempotency;

import dev.escqrs.core.error.SerializationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A command sent with an idempotency key that an aggregate remembers: which key (hashed with its actor), which
 * command, the versions of the events it appended and when. The aggregate's row keeps its recent keyed commands so
 * that a repeat is recognised in the read every command makes anyway; they are the fold of the {@link IdempotencyRecord}s on
 * the events, so a row rebuilt from the events remembers the same keys.
 *
 * <p>The window: a key is remembered while no more than {@value #MAX_REMEMBERED} newer keyed commands came after it
 * and the aggregate's latest event is less than {@link #WINDOW} (24 hours) younger than it. A repeat inside the window
 * is answered with the first outcome; a repeat after it runs as a new command.
 */
public record KeyedCommand(String keyHash, String commandHash, long firstVersion, long lastVersion, Instant at) {
    /** How long after its command a key is remembered, measured on the aggregate's own event times. */
    public static final Duration WINDOW = Duration.ofHours(24);
    /** How many keyed commands an aggregate remembers at most. */
    public static final int MAX_REMEMBERED = 16;

    public KeyedCommand {
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(commandHash, "commandHash");
        Objects.requireNonNull(at, "at");
        if (firstVersion < 1 || lastVersion < firstVersion) {
            throw new IllegalArgumentException(
                    "versions %d to %d are not a command's events".formatted(firstVersion, lastVersion));
        }
    }

    /** The entry for a command whose first event, at {@code version}, carries {@code record}. */
    public static KeyedCommand of(IdempotencyRecord record, long version, Instant at) {
        return new KeyedCommand(record.keyHash(), record.commandHash(), version, version + record.eventCount() - 1, at);
    }

    /** The stored form, {@code keyHash.commandHash.firstVersion.lastVersion.epochMillis}. */
    public String encoded() {
        return "%s.%s.%d.%d.%d".formatted(keyHash, commandHash, firstVersion, lastVersion, at.toEpochMilli());
    }

    /** Reads the stored form; {@code where} names its place for the error. */
    public static KeyedCommand parse(String encoded, String where) {
        String[] parts = Objects.requireNonNull(encoded, "encoded").split("\\.", -1);
        try {
            if (parts.length == 5) {
                return new KeyedCommand(
                        parts[0],
                        parts[1],
                        Long.parseLong(parts[2]),
                        Long.parseLong(parts[3]),
                        Instant.ofEpochMilli(Long.parseLong(parts[4])));
            }
        } catch (IllegalArgumentException e) {
            throw new SerializationException(
                    "%s: '%s' is not a keyed command: %s".formatted(where, encoded, e.getMessage()), e);
        }
        throw new SerializationException(
                "%s: '%s' is not a keyed command (keyHash.commandHash.first.last.millis)".formatted(where, encoded));
    }

    /**
     * {@code remembered} as the window leaves it when the aggregate's latest event happened at {@code latest}: the
     * entries younger than {@link #WINDOW}, at most the {@value #MAX_REMEMBERED} newest.
     */
    public static List<KeyedCommand> window(List<KeyedCommand> remembered, Instant latest) {
        Instant cutoff = latest.minus(WINDOW);
        List<KeyedCommand> kept = new ArrayList<>(Math.min(remembered.size(), MAX_REMEMBERED));
        int skip = Math.max(0, remembered.size() - MAX_REMEMBERED);
        for (int i = skip; i < remembered.size(); i++) {
            KeyedCommand entry = remembered.get(i);
            if (!entry.at().isBefore(cutoff)) {
                kept.add(entry);
            }
        }
        return List.copyOf(kept);
    }
}
