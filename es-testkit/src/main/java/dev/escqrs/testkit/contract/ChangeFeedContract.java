package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.feed.FeedSubscription;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.testkit.contract.FeedReader.Progress;
import dev.escqrs.testkit.internal.Account.Deposited;
import dev.escqrs.testkit.internal.Account.Event;
import dev.escqrs.testkit.internal.Account.Noted;
import dev.escqrs.testkit.internal.Account.Opened;
import dev.escqrs.testkit.store.StoreFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The change feed contract: every appended event at least once, each aggregate's in version order, resumable from a
 * checkpoint, and a subscription that redelivers a failed batch.
 *
 * <p>Runs on a fixture that declares {@code CHANGE_FEED}; see {@link StoreContract} for how an adapter runs it.
 */
public abstract class ChangeFeedContract extends StoreContract {
    protected ChangeFeedContract() {}

    @Override
    final StoreFixture.Capability capability() {
        return StoreFixture.Capability.CHANGE_FEED;
    }

    @Nested
    class ChangeFeed {
        @Test
        void delivers_every_event_at_least_once_in_per_aggregate_order() {
            List<AggregateEvent<Event>> written = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (String id : List.of("a1", "a2", "a3")) {
                    written.addAll(
                            round == 0
                                    ? append(ACCOUNT, id, new Opened(id))
                                    : append(ACCOUNT, id, new Deposited(round), new Noted("r" + round)));
                }
            }

            List<AggregateEvent<Object>> delivered =
                    readFeedUntil(Checkpoint.START, ids(written)).events();
            assertThat(ids(delivered)).containsAll(ids(written));
            FeedReader.assertPerAggregateOrder(delivered, Map.of());
        }

        @Test
        void resumes_after_a_checkpoint_without_missing_anything() {
            List<AggregateEvent<Event>> first = append(ACCOUNT, "a1", new Opened("ann"), new Deposited(1));
            Progress progress = readFeedUntil(Checkpoint.START, ids(first));

            List<AggregateEvent<Event>> second = new ArrayList<>(append(ACCOUNT, "a1", new Deposited(2)));
            second.addAll(append(ACCOUNT, "a2", new Opened("bob")));
            Progress resumed = readFeedUntil(progress.checkpoint(), ids(second));

            assertThat(ids(resumed.events())).containsAll(ids(second));
            assertThat(ids(resumed.events()))
                    .as("a feed resumed after a checkpoint does not start over")
                    .doesNotContainAnyElementsOf(ids(first));
            FeedReader.assertPerAggregateOrder(resumed.events(), progress.lastVersions());
        }

        @Test
        void a_subscription_hands_every_event_to_its_handler_and_retries_a_failed_batch() throws Exception {
            List<AggregateEvent<Event>> written = new ArrayList<>(append(ACCOUNT, "a1", new Opened("ann")));
            Set<String> seen = ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicBoolean failedOnce = new java.util.concurrent.atomic.AtomicBoolean();
            try (FeedSubscription subscription = FeedSubscription.start(
                    stores.feed(),
                    Checkpoint.START,
                    batch -> {
                        if (failedOnce.compareAndSet(false, true)) {
                            throw new IllegalStateException("the handler fails once, on purpose");
                        }
                        batch.events().forEach(e -> seen.add(e.eventId()));
                    },
                    Duration.ofMillis(20))) {
                written.addAll(append(ACCOUNT, "a1", new Deposited(1), new Deposited(2)));
                written.addAll(append(ACCOUNT, "a2", new Opened("bob")));
                Eventually.await(
                        "the subscription to deliver all events",
                        Eventually.timeout(),
                        () -> seen.containsAll(ids(written)),
                        () -> "(seen " + seen.size() + " of " + written.size() + ")");
                assertThat(failedOnce).isTrue();
                assertThat(subscription.checkpoint().isStart()).isFalse();
            }
        }
    }

    /** Reads the feed from {@code from} until all {@code wanted} ids were delivered, 50 at a time (several reads). */
    private Progress readFeedUntil(Checkpoint from, Set<String> wanted) {
        return FeedReader.readUntil(stores.feed(), from, wanted, 50);
    }
}
