package dev.escqrs.dynamodb.table;

import dev.escqrs.core.error.EscqrsException;
import java.util.List;
import java.util.Objects;

/**
 * A table escqrs needs does not exist (DynamoDB's {@code ResourceNotFoundException}): the tables were never created in
 * this account and region, or under another prefix, or were deleted. The message names the table and how to create
 * it; DynamoDB's own ("Requested resource not found") names neither.
 *
 * <p>Its category is {@link Category#UNAVAILABLE}: the request may succeed once the table exists, and every loop
 * (a projection runner, a feed subscription, a KCL worker) keeps trying with a backoff and goes on by itself, without a restart,
 * once it is created. An HTTP layer answers it with a 503.
 */
public final class MissingTableException extends EscqrsException {
    private final List<String> tables;

    /**
     * @param tables the tables that may be missing (a transaction names all it touches when DynamoDB does not say
     *               which), at least one
     * @param doing  what failed, e.g. "reading the row of BlogPost 01J..."
     * @param fix    how to create the table(s)
     */
    public MissingTableException(List<String> tables, String doing, String fix, Throwable cause) {
        super(message(tables, doing, fix), cause);
        this.tables = List.copyOf(tables);
    }

    private static String message(List<String> tables, String doing, String fix) {
        Objects.requireNonNull(fix, "fix");
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("name at least one table");
        }
        String which = tables.size() == 1
                ? "the DynamoDB table " + tables.getFirst() + " does not exist"
                : "one of the DynamoDB tables " + String.join(", ", tables) + " does not exist";
        return "%s failed: %s. %s".formatted(doing, which, fix);
    }

    /** The table (or the tables one of which) is missing. */
    public List<String> tables() {
        return tables;
    }

    @Override
    public Category category() {
        return Category.UNAVAILABLE;
    }
}
