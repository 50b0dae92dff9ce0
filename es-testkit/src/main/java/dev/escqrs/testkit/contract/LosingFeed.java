package dev.escqrs.testkit.contract;

import dev.escqrs.core.error.FeedPositionLostException;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.FeedBatch;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A change feed that loses its position when told, as DynamoDB's does after 24 hours or a replaced stream: the next
 * reads throw {@link FeedPositionLostException}; everything else goes to the real feed.
 */
final class LosingFeed implements ChangeFeed {
    private final ChangeFeed feed;
    private final ConcurrentLinkedQueue<FeedPositionLostException.Reason> planned = new ConcurrentLinkedQueue<>();

    LosingFeed(ChangeFeed feed) {
        this.feed = feed;
    }

    /** The next reads (one each) find their position lost for these reasons. */
    void lose(FeedPositionLostException.Reason... reasons) {
        planned.addAll(java.util.List.of(reasons));
    }

    boolean pending() {
        return !planned.isEmpty();
    }

    @Override
    public boolean keepsEveryEvent() {
        return feed.keepsEveryEvent();
    }

    @Override
    public FeedBatch read(Checkpoint after, int maxEvents) {
        FeedPositionLostException.Reason reason = planned.poll();
        if (reason != null) {
            throw new FeedPositionLostException(reason, "injected: the position after " + after.value() + " is lost");
        }
        return feed.read(after, maxEvents);
    }

    @Override
    public Checkpoint head() {
        return feed.head();
    }
}
