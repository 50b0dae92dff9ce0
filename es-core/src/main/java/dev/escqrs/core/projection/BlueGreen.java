package dev.escqrs.core.projection;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A read model replaced without a gap: the new (or changed) one is built from the start beside the one that serves,
 * takes over once it has caught up, and the old one is retired. Readers always ask {@link #current()}.
 *
 * <pre>{@code
 * BlueGreen<PostsV1> posts = BlueGreen.serving(v1, v1Runner.start());
 * posts.build(v2, ProjectionRunner.builder(specOfV2).feed(feed).build()); // its own name: its own checkpoint
 * posts.awaitPromotion(Duration.ofSeconds(5), Duration.ofHours(1));      // v2 serves from here on
 * }</pre>
 *
 * @param <M> what readers query (the read model itself, or a view of it)
 */
public final class BlueGreen<M> implements AutoCloseable {
    private volatile Side<M> serving;
    private Side<M> building;
    private Consumer<? super M> retire = model -> {};

    private record Side<M>(M model, ProjectionRunner.Running running) {}

    private BlueGreen(M model, ProjectionRunner.Running running) {
        this.serving = new Side<>(Objects.requireNonNull(model, "model"), Objects.requireNonNull(running, "running"));
    }

    /** The read model that serves now, run by {@code running}. */
    public static <M> BlueGreen<M> serving(M model, ProjectionRunner.Running running) {
        return new BlueGreen<>(model, running);
    }

    /** What to do with a read model once it no longer serves (its runner is closed first): drop its table, say. */
    public synchronized BlueGreen<M> onRetire(Consumer<? super M> retire) {
        this.retire = Objects.requireNonNull(retire, "retire");
        return this;
    }

    /** The read model to query. */
    public M current() {
        return serving.model();
    }

    /** The one being built, until it is promoted. */
    public synchronized Optional<M> building() {
        return Optional.ofNullable(building).map(Side::model);
    }

    /**
     * Starts {@code runner} (a projection of its own name, so its own checkpoint: it builds from the start) for
     * {@code next}, beside the one that serves. One at a time.
     */
    public synchronized void build(M next, ProjectionRunner runner) {
        if (building != null) {
            throw new IllegalStateException("a read model is being built already; promote or abandon it first");
        }
        building = new Side<>(Objects.requireNonNull(next, "next"), runner.start());
    }

    /**
     * Promotes the one being built when it has caught up: it follows the feed ({@link ProjectionRunner.Phase#TAILING}),
     * its last attempt did not fail, and it is at most {@code maxLag} behind. Then the old one's runner is closed and
     * it is retired. Returns whether it was promoted now.
     */
    public synchronized boolean promoteIfCaughtUp(Duration maxLag) {
        if (building == null) {
            return false;
        }
        ProjectionStatus status = building.running().status();
        if (status.phase() != ProjectionRunner.Phase.TAILING || !status.isHealthy(maxLag)) {
            return false;
        }
        Side<M> old = serving;
        serving = building;
        building = null;
        old.running().close();
        retire.accept(old.model());
        return true;
    }

    /** Waits, up to {@code timeout}, for the one being built to catch up and promotes it; false when it did not. */
    public boolean awaitPromotion(Duration maxLag, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!promoteIfCaughtUp(maxLag)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        return true;
    }

    /** Stops building the new one (its runner closed); the old one serves on. */
    public synchronized void abandon() {
        if (building != null) {
            building.running().close();
            building = null;
        }
    }

    @Override
    public synchronized void close() {
        abandon();
        serving.running().close();
    }
}
