package dev.escqrs.core.internal;

import dev.escqrs.core.error.EscqrsException;
import java.util.List;
import java.util.Objects;

/**
 * The rules every decision must keep, wherever it is run (the command handler on any store, the testkit's pure
 * scenarios), so that a scenario has one outcome everywhere: {@code decide} returns a list with no null in it, empty
 * for "nothing to do"; and a create decides at least one event, since an aggregate exists only through its events.
 */
public final class Decisions {
    private Decisions() {}

    /**
     * Throws {@link EscqrsException} when {@code decided} breaks a rule.
     *
     * @param creating whether the aggregate does not exist yet (the command creates it)
     */
    public static void check(
            String aggregateName, String aggregateId, Object command, List<?> decided, boolean creating) {
        if (decided == null || decided.stream().anyMatch(Objects::isNull)) {
            throw new EscqrsException("%s %s: decide returned %s for %s; return a list of events, empty for none"
                    .formatted(
                            aggregateName,
                            aggregateId,
                            decided,
                            command.getClass().getSimpleName()));
        }
        if (decided.isEmpty() && creating) {
            throw new EscqrsException(("%s %s: the create command %s decided no events; an aggregate exists only "
                            + "through its events, so a create must decide at least one")
                    .formatted(aggregateName, aggregateId, command.getClass().getSimpleName()));
        }
    }
}
