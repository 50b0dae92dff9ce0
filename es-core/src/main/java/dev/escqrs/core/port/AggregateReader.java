package dev.escqrs.core.port;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateType;
import java.util.Optional;

/**
 * The current state of one aggregate, in one read of the aggregate row the store keeps beside the events; no
 * replay. Strongly consistent: it sees every append that completed before the call.
 */
public interface AggregateReader {
    /**
     * The aggregate, or empty when no event was ever stored for it.
     *
     * @throws dev.escqrs.core.error.StoreUnavailableException the store did not answer (throttled, down, unreachable)
     */
    <S> Optional<Aggregate<S>> read(AggregateType<?, S> type, String aggregateId);
}
