package dev.escqrs.console;

import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.core.projection.ProjectionStatus;
import java.util.List;
import java.util.Optional;

/** What the page shows of one runner. */
record RunnerView(
        String name,
        Where where,
        Optional<ProjectionStatus> status,
        Optional<Checkpoint> checkpoint,
        List<ParkedAggregate> parked) {
    enum Where {
        /** Runs in this process: status, and every action. */
        HERE,
        /** A runner of this process that does not run now: its parking only. */
        STOPPED,
        /** Runs elsewhere: its parking only; retry and skip go there as requests. */
        ELSEWHERE
    }
}
