package dev.escqrs.core.projection;

import java.util.List;
import java.util.function.Predicate;

/**
 * An operator's requests to a started runner about its parked aggregates ({@link BadRecords#PARK}): each recorded in
 * the runner's {@link Parking}, and the runner woken to do it on its own thread.
 */
final class ParkingRequests {
    private final RunnerParts parts;
    private final Runnable wake;

    ParkingRequests(RunnerParts parts, Runnable wake) {
        this.parts = parts;
        this.wake = wake;
    }

    /** The aggregates this runner has parked, oldest failure first; empty when it does not park. */
    List<ParkedAggregate> parked() {
        return parts.spec().parking().map(p -> p.parked(parts.name())).orElse(List.of());
    }

    /** Asks to retry each parked aggregate {@code which} selects; returns how many were asked. */
    int retry(Predicate<ParkedAggregate> which, String by) {
        int asked = 0;
        for (ParkedAggregate entry : parked()) {
            if (which.test(entry)
                    && request(entry.aggregateName(), entry.aggregateId(), ParkedAggregate.Action.RETRY, by, "retry")) {
                asked++;
            }
        }
        return asked;
    }

    /** Asks for {@code action} on a parked aggregate; false when it is not parked. */
    boolean request(String aggregateName, String aggregateId, ParkedAggregate.Action action, String by, String reason) {
        Parking lot = parts.spec()
                .parking()
                .orElseThrow(() -> new IllegalStateException(
                        ("projection %s does not park " + "(its bad-record policy is %s): nothing to retry or skip")
                                .formatted(parts.name(), parts.spec().badRecords())));
        boolean asked = lot.request(
                parts.name(),
                aggregateName,
                aggregateId,
                new ParkedAggregate.OperatorRequest(
                        action, by, reason, parts.clock().instant()));
        if (asked) {
            parts.projector().reloadParked();
            wake.run();
        }
        return asked;
    }
}
