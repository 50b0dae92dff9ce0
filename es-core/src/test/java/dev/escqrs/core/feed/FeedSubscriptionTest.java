package dev.escqrs.core.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.error.StoreUnavailableException;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.FeedBatch;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeedSubscriptionTest {
    private static final int FAILED_READS = 8;

    private final Logger logger = Logger.getLogger(FeedSubscription.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void capture() {
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
    }

    /** A feed that is down for its first reads, then answers with nothing new. */
    static final class FlakyFeed implements ChangeFeed {
        final AtomicInteger reads = new AtomicInteger();
        final CountDownLatch answered = new CountDownLatch(1);

        @Override
        public FeedBatch read(Checkpoint after, int maxEvents) {
            if (reads.incrementAndGet() <= FAILED_READS) {
                throw new StoreUnavailableException("reading the stream failed: Connection refused", null);
            }
            answered.countDown();
            return new FeedBatch(List.of(), after);
        }

        @Override
        public Checkpoint head() {
            return Checkpoint.START;
        }
    }

    @Test
    void a_failing_feed_is_one_line_when_it_goes_down_and_one_when_it_is_back() throws Exception {
        FlakyFeed feed = new FlakyFeed();
        try (FeedSubscription subscription =
                FeedSubscription.start(feed, new MemoryCheckpoints(), "mailer", batch -> {}, Duration.ofMillis(5))) {
            assertThat(feed.answered.await(30, TimeUnit.SECONDS))
                    .as("the feed answers after its outage")
                    .isTrue();
            awaitNoFailure(subscription);
        }
        assertThat(records).extracting(LogRecord::getMessage).hasSize(2);
        assertThat(records.getFirst().getMessage())
                .startsWith("feed consumer mailer is failing: "
                        + "StoreUnavailableException: reading the stream failed: Connection refused; trying again in");
        assertThat(records.getLast().getMessage())
                .startsWith("feed consumer mailer is back after")
                .contains("(%d failed attempts".formatted(FAILED_READS));
        assertThat(records)
                .allSatisfy(r -> assertThat(r.getThrown()).as("no stack trace").isNull());
    }

    private static void awaitNoFailure(FeedSubscription subscription) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (subscription.lastFailure().isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(subscription.lastFailure()).isEmpty();
    }

    /** Checkpoints in a map. */
    static final class MemoryCheckpoints implements dev.escqrs.core.port.Checkpoints {
        private final java.util.Map<String, Checkpoint> saved = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public java.util.Optional<Checkpoint> load(String consumer) {
            return java.util.Optional.ofNullable(saved.get(consumer));
        }

        @Override
        public void save(String consumer, Checkpoint checkpoint) {
            saved.put(consumer, checkpoint);
        }

        @Override
        public void delete(String consumer) {
            saved.remove(consumer);
        }
    }
}
