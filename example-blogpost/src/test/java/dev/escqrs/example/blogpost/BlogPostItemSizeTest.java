package dev.escqrs.example.blogpost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.table.ItemLayout;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import org.junit.jupiter.api.Test;

/**
 * What a blog post's events weigh as DynamoDB items (its sizing rules, as it bills them), with a 40-character title,
 * against the cost issue's targets: under 170 bytes an event, a 100-event history read in 5 RCU or fewer (one
 * consistent Query: 1 RCU per 4 KB). The compact layout's names take 6 bytes of an item (s, v, e, n, a, d); the
 * descriptive layout's took 54 (streamId, aggregateVersion, eventId, eventName, actorId, payload).
 */
class BlogPostItemSizeTest {
    private static final String TITLE = "A title of forty characters, as typical!";

    private static final JsonCodec CODEC = JsonCodec.of(BlogPosts.BLOG_POST);
    private static final EventIds IDS = EventIds.system();
    private static final String POST = IDS.next();

    private static long bytes(ItemLayout layout, long version, BlogPostEvent event) {
        return DynamoDbTables.itemSize(DynamoDbTables.eventItem(
                layout,
                CODEC.encode(new AggregateEvent<>(
                        IDS.next(),
                        BlogPosts.BLOG_POST.eventName(event),
                        BlogPosts.BLOG_POST.name(),
                        POST,
                        version,
                        "alice",
                        event,
                        EventMetadata.NONE))));
    }

    private static long consistentRcu(long bytes) {
        return (long) Math.ceil(bytes / 4096.0);
    }

    @Test
    void an_event_weighs_under_170_bytes_and_a_hundred_read_in_five_rcu_or_fewer() {
        long created = bytes(ItemLayout.COMPACT, 1, new BlogPostEvent.BlogPostCreated(TITLE, "alice"));
        long retitled = bytes(ItemLayout.COMPACT, 99, new BlogPostEvent.BlogPostTitleChanged(TITLE));

        assertThat(TITLE).hasSize(40);
        assertThat(created).as("BlogPostCreated, bytes").isEqualTo(152).isLessThan(170);
        assertThat(retitled).as("BlogPostTitleChanged, bytes").isEqualTo(143).isLessThan(170);
        long history = created + 99 * retitled;
        assertThat(history).isEqualTo(14_309);
        assertThat(consistentRcu(history))
                .as("RCU of a consistent read of 100 events (%d bytes)", history)
                .isEqualTo(4)
                .isLessThanOrEqualTo(5);
    }

    @Test
    void the_descriptive_layout_weighs_what_docs_dynamodb_md_says() {
        long created = bytes(ItemLayout.DESCRIPTIVE, 1, new BlogPostEvent.BlogPostCreated(TITLE, "alice"));
        long retitled = bytes(ItemLayout.DESCRIPTIVE, 99, new BlogPostEvent.BlogPostTitleChanged(TITLE));

        assertThat(created).isEqualTo(200);
        assertThat(retitled).isEqualTo(191);
        assertThat(created + 99 * retitled).isEqualTo(19_109);
        assertThat(consistentRcu(created + 99 * retitled)).isEqualTo(5);
    }
}
