package dev.escqrs.core.error;

import java.util.Optional;

/**
 * The aggregate is not at the version the caller or the writer assumed.
 *
 * <p>Three kinds, told apart by {@link #kind()}:
 * <ul>
 *   <li>{@link Kind#VERSION_MISMATCH}: the caller said "I saw version N" and the aggregate is at M. Never retried
 *       (HTTP's failed {@code If-Match}).</li>
 *   <li>{@link Kind#ALREADY_EXISTS}: a create for an id that exists.</li>
 *   <li>{@link Kind#CONCURRENT_APPEND}: the store refused an append because another writer appended first. The
 *       command handler reloads and decides again under its retry policy; a store user sees it directly.</li>
 * </ul>
 * {@link #expectedVersion()} is the version that was assumed (0 for "does not exist yet"),
 * {@link #actualVersion()} the version found, when the store knows it.
 */
public final class ConflictException extends EscqrsException {
    /** What kind of conflict this is. */
    public enum Kind {
        VERSION_MISMATCH,
        ALREADY_EXISTS,
        CONCURRENT_APPEND
    }

    private final Kind kind;
    private final String aggregateName;
    private final String aggregateId;
    private final long expectedVersion;
    private final Long actualVersion;
    /** An {@code Aggregate}, untyped: the error package stands below the aggregate package. */
    private final transient Object currentAggregate;

    private ConflictException(
            Kind kind,
            String aggregateName,
            String aggregateId,
            long expectedVersion,
            Long actualVersion,
            Object currentAggregate,
            String message) {
        super(message);
        this.kind = kind;
        this.aggregateName = aggregateName;
        this.aggregateId = aggregateId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
        this.currentAggregate = currentAggregate;
    }

    /** The caller's expected version is not the aggregate's version. */
    public static ConflictException versionMismatch(
            String aggregateName, String aggregateId, long expected, long actual) {
        return new ConflictException(
                Kind.VERSION_MISMATCH,
                aggregateName,
                aggregateId,
                expected,
                actual,
                null,
                "%s %s version mismatch: expected %d, got %d".formatted(aggregateName, aggregateId, expected, actual));
    }

    /** A create found the aggregate already there. */
    public static ConflictException alreadyExists(String aggregateName, String aggregateId, long actual) {
        return new ConflictException(
                Kind.ALREADY_EXISTS,
                aggregateName,
                aggregateId,
                0,
                actual,
                null,
                "%s %s already exists (at version %d)".formatted(aggregateName, aggregateId, actual));
    }

    /**
     * The store refused an append that followed {@code expected}: another writer got there first.
     *
     * @param actual the version the store holds, if it knows it
     * @param current the stored aggregate (an {@code Aggregate}) if the store got it without another read
     */
    public static ConflictException concurrentAppend(
            String aggregateName, String aggregateId, long expected, Optional<Long> actual, Optional<?> current) {
        String found = actual.map(v -> v == 0 ? "none" : String.valueOf(v)).orElse("unknown");
        return new ConflictException(
                Kind.CONCURRENT_APPEND,
                aggregateName,
                aggregateId,
                expected,
                actual.orElse(null),
                current.orElse(null),
                "%s %s was changed concurrently: append expected version %d, got %s"
                        .formatted(aggregateName, aggregateId, expected, found));
    }

    public Kind kind() {
        return kind;
    }

    public String aggregateName() {
        return aggregateName;
    }

    public String aggregateId() {
        return aggregateId;
    }

    /** The version that was assumed; 0 means the aggregate was assumed not to exist. */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** The version found, when known; 0 means the aggregate does not exist. */
    public Optional<Long> actualVersion() {
        return Optional.ofNullable(actualVersion);
    }

    /**
     * The aggregate as the store holds it (an {@code Aggregate}), when the store learnt it while refusing the append
     * (DynamoDB's {@code ALL_OLD} row); used to refresh caches without another read. Empty when the store did not learn
     * it. Not serialized. Typed: {@code AggregateType.currentIn(conflict)}.
     */
    public Optional<Object> currentAggregate() {
        return Optional.ofNullable(currentAggregate);
    }

    @Override
    public Category category() {
        return Category.CONFLICT;
    }

    /** True only for {@code CONCURRENT_APPEND}: another writer came first, and the command decided again may pass. */
    @Override
    public boolean retryable() {
        return kind == Kind.CONCURRENT_APPEND;
    }
}
