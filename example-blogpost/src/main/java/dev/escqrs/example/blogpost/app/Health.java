package dev.escqrs.example.blogpost.app;

import dev.escqrs.core.projection.ProjectionStatus;
import java.util.Optional;

/**
 * What {@code /health} reports ({@link BlogPostService#health()}): the store, the runners of the read model and of the workflows, and the indexer
 * (each when this process runs it). A workflow or an indexer that is behind or failing degrades the service but
 * does not take it down: the commands wait, none is lost, and the index catches up when the indexer does (the
 * read models on the index with it). {@code storeFailure} is why the store's probe failed, when it did.
 */
public record Health(
        boolean storeUp,
        Optional<ProjectionStatus> readModel,
        Optional<ProjectionStatus> workflows,
        Optional<InProcessIndexer.Report> indexer,
        Optional<RuntimeException> storeFailure) {
    public Health(boolean storeUp, Optional<ProjectionStatus> readModel, Optional<ProjectionStatus> workflows) {
        this(storeUp, readModel, workflows, Optional.empty(), Optional.empty());
    }

    /** How many posts the read model and the workflows hold parked: the service is degraded, not down. */
    public int parked() {
        return readModel.map(ProjectionStatus::parked).orElse(0)
                + workflows.map(ProjectionStatus::parked).orElse(0);
    }

    /**
     * {@code down} when the store does not answer, or the read model kept here is behind and failing;
     * {@code degraded} when a runner kept here is behind, failing or holds parked posts, or the indexer run here
     * is not healthy ({@link InProcessIndexer.Report#isHealthy()}); else {@code up}. A runner or indexer that
     * stands by (another replica holds its lease) counts as one that does not run here.
     */
    public String status() {
        Optional<ProjectionStatus> model = ReadModel.reported(readModel);
        boolean behind =
                model.map(s -> s.lag().compareTo(ReadModel.MAX_LAG) > 0).orElse(false);
        boolean failing = model.map(s -> s.lastFailure().isPresent()).orElse(false);
        if (!storeUp || (behind && failing)) {
            return "down";
        }
        boolean healthy = model.map(s -> s.isHealthy(ReadModel.MAX_LAG)).orElse(true)
                && ReadModel.reported(workflows)
                        .map(s -> s.isHealthy(ReadModel.MAX_LAG))
                        .orElse(true)
                && indexer.map(InProcessIndexer.Report::isHealthy).orElse(true);
        return healthy && parked() == 0 ? "up" : "degraded";
    }
}
