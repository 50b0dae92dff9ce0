package dev.escqrs.example.blogpost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.table.ItemLayout;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.app.BlogPostModule;
import dev.escqrs.example.blogpost.app.BlogPostService;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code --repair BlogPost ID} on moto: a row left behind its events by a write outside escqrs is rewritten. */
class RepairFlagTest {
    @Test
    void repair_rewrites_a_row_that_fell_behind_its_events_and_commands_work_again() throws Exception {
        DynamoDbTestServer server = DynamoDbTestServer.get();
        String prefix = server.tablePrefix(getClass());
        String[] dynamo = {
            "--store", "dynamodb", "--endpoint", server.endpoint().toString(), "--table-prefix", prefix
        };
        Injector injector = Guice.createInjector(new BlogPostModule(), StoreModules.of(Options.parse(dynamo)));
        BlogPostService service = injector.getInstance(BlogPostService.class);
        String id = service.create("alice", "Draft").id();
        var stray = new AggregateEvent<BlogPostEvent>(
                EventIds.system().next(),
                "BlogPostTitleChanged",
                "BlogPost",
                id,
                2,
                "ops",
                new BlogPostEvent.BlogPostTitleChanged("Fixed by hand"),
                EventMetadata.NONE);
        server.client()
                .putItem(b -> b.tableName(TableNames.withPrefix(prefix).eventsTable())
                        .item(DynamoDbTables.eventItem(
                                ItemLayout.COMPACT,
                                JsonCodec.of(BlogPosts.BLOG_POST).encode(stray))));
        assertThatThrownBy(() -> service.changeTitle(id, "alice", "Final", 1))
                .hasMessageContaining("the tables disagree");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            String[] repair = java.util.stream.Stream.concat(
                            java.util.Arrays.stream(dynamo), java.util.stream.Stream.of("--repair", "BlogPost", id))
                    .toArray(String[]::new);
            Main.main(repair);
        } finally {
            System.setOut(original);
        }

        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("BlogPost " + id + ": row rewritten from its 2 events");
        BlogPostService restarted = Guice.createInjector(new BlogPostModule(), StoreModules.of(Options.parse(dynamo)))
                .getInstance(BlogPostService.class);
        assertThat(restarted.find(id).orElseThrow().state().title()).isEqualTo("Fixed by hand");
        assertThat(restarted.changeTitle(id, "alice", "Final", 2).version()).isEqualTo(3);
    }
}
