package dev.escqrs.core.projection;

import dev.escqrs.core.event.AggregateEvent;

/**
 * A read model fed by events. It remembers, per aggregate, the version of the last event it applied, and stores that
 * version together with the event's effect (in one write where it lives in a database), so that a repeat is
 * recognised however often the feed delivers it. {@link Projector} calls it with each aggregate's events in version
 * order, without gaps and without repeats; calls are never concurrent. A projection whose state outlives the process
 * (a table, a database) is a {@link DurableProjection}, which keeps its runner's checkpoint beside its state; any other
 * is rebuilt from the event store by each new {@link ProjectionRunner}.
 *
 * <pre>{@code
 * final class PostTitles implements Projection {
 *     private final Map<String, Row> rows = new HashMap<>();
 *     public long appliedVersion(String aggregateName, String id) { Row r = rows.get(id); return r == null ? 0 : r.version(); }
 *     public void apply(AggregateEvent<?> event) { ... rows.put(event.aggregateId(), new Row(title, event.aggregateVersion())); }
 *     public void reset() { rows.clear(); }
 * }
 * }</pre>
 */
public interface Projection {
    /** The version of this aggregate's last event applied here; 0 when none. */
    long appliedVersion(String aggregateName, String aggregateId);

    /**
     * Applies the aggregate's next event: its version is {@code appliedVersion + 1} (or more, when an operator skipped
     * the versions between under {@link BadRecords#PARK}: a skipped event is never handed over). Afterwards
     * {@link #appliedVersion} returns the event's version. Throwing stops the batch; the event comes again.
     */
    void apply(AggregateEvent<?> event);

    /** Forgets everything applied, for a rebuild from the start. */
    void reset();
}
