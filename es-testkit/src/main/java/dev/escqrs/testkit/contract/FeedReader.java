package dev.escqrs.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.FeedBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a change feed the way the contract and the race checker check it: until given events arrived, in order. */
public final class FeedReader {
    private FeedReader() {}

    /** Events read from a feed and the checkpoint after them. */
    public record Progress(List<AggregateEvent<Object>> events, Checkpoint checkpoint) {
        /** The highest version delivered per aggregate ({@code streamId}). */
        public Map<String, Long> lastVersions() {
            Map<String, Long> last = new HashMap<>();
            events.forEach(e -> last.merge(e.streamId(), e.aggregateVersion(), Math::max));
            return last;
        }
    }

    /** Reads {@code feed} after {@code from}, {@code maxEvents} at a time, until every id in {@code wanted} arrived. */
    public static Progress readUntil(ChangeFeed feed, Checkpoint from, Set<String> wanted, int maxEvents) {
        List<AggregateEvent<Object>> delivered = new ArrayList<>();
        Set<String> missing = new HashSet<>(wanted);
        Checkpoint[] checkpoint = {from};
        Eventually.await(
                "the change feed to deliver " + wanted.size() + " events",
                Eventually.timeout(),
                () -> {
                    FeedBatch batch = feed.read(checkpoint[0], maxEvents);
                    checkpoint[0] = batch.checkpoint();
                    delivered.addAll(batch.events());
                    batch.events().forEach(e -> missing.remove(e.eventId()));
                    return missing.isEmpty();
                },
                () -> "(" + missing.size() + " missing: "
                        + missing.stream().limit(10).toList() + ")");
        return new Progress(delivered, checkpoint[0]);
    }

    /**
     * Each aggregate's events arrive in version order: repeats of what was delivered are allowed, gaps and going back
     * are not. {@code alreadyDelivered} holds the last version per aggregate delivered before (empty for a feed read
     * from the start, where every aggregate must begin at version 1).
     */
    public static void assertPerAggregateOrder(
            List<AggregateEvent<Object>> delivered, Map<String, Long> alreadyDelivered) {
        Map<String, Long> last = new HashMap<>(alreadyDelivered);
        for (AggregateEvent<Object> event : delivered) {
            long previous = last.getOrDefault(event.streamId(), 0L);
            assertThat(event.aggregateVersion())
                    .as("%s delivered after version %d of its aggregate", event, previous)
                    .isLessThanOrEqualTo(previous + 1);
            if (event.aggregateVersion() == previous + 1) {
                last.put(event.streamId(), event.aggregateVersion());
            }
        }
    }
}
