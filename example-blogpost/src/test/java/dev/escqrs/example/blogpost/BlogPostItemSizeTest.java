package dev.escqrs.example.blogpost;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.dynamodb.internal.AttributeValues;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a blog post's events weigh as DynamoDB items (its sizing rules, as it bills them), with a 40-character title,
 * against the cost issue's targets: under 170 bytes an event, a 100-event history read in 5 RCU or fewer (one
 * consistent Query: 1 RCU per 4 KB). The compact layout's names take 6 bytes of an item (s, v, e, n, a, d); the
 * descriptive layout's took 54 (streamId, aggregateVersion, eventId, eventName, actorId, payload).
 */
class BlogPostItemSizeTest {
    private static final String TITLE = "A title of forty characters, as typical!";

    @Test
    void an_event_weighs_under_170_bytes_and_a_hundred_read_in_five_rcu_or_fewer() {
        JsonCodec codec = JsonCodec.of(BlogPosts.BLOG_POST);
        EventIds ids = EventIds.system();
        String post = ids.next();
        long created = AttributeValues.itemSize(EventItems.COMPACT.toItem(codec.encode(new AggregateEvent<BlogPostEvent>(ids.next(),
                "BlogPostCreated", "BlogPost", post, 1, "alice", new BlogPostEvent.BlogPostCreated(TITLE, "alice"),
                EventMetadata.NONE))));
        long retitled = AttributeValues.itemSize(EventItems.COMPACT.toItem(codec.encode(new AggregateEvent<BlogPostEvent>(ids.next(),
                "BlogPostTitleChanged", "BlogPost", post, 99, "alice", new BlogPostEvent.BlogPostTitleChanged(TITLE),
                EventMetadata.NONE))));

        assertThat(TITLE).hasSize(40);
        assertThat(created).as("BlogPostCreated, bytes").isEqualTo(152).isLessThan(170);
        assertThat(retitled).as("BlogPostTitleChanged, bytes").isEqualTo(143).isLessThan(170);
        long history = created + 99 * retitled;
        assertThat((long) Math.ceil(history / 4096.0)).as("RCU of a consistent read of 100 events (%d bytes)", history)
                .isLessThanOrEqualTo(5);
    }
}
