package dev.escqrs.example.blogpost;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
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
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The service's operator CLI on moto: with the blog post's decider registered, verify compares each row with the fold
 * of its events and repair rewrites it; {@code scripts/escqrs} runs it.
 */
class OperatorCliTest {
    private final DynamoDbTestServer server = DynamoDbTestServer.get();
    private final String prefix = server.tablePrefix(getClass());
    private final String[] connection = {
        "--endpoint", server.endpoint().toString(), "--emulator", "--table-prefix", prefix
    };

    private BlogPostService service() {
        String[] options = {
            "--store", "dynamodb", "--endpoint", server.endpoint().toString(), "--table-prefix", prefix
        };
        return Guice.createInjector(new BlogPostModule(), StoreModules.of(Options.parse(options)))
                .getInstance(BlogPostService.class);
    }

    private record Run(int code, String out) {}

    private Run cli(String... command) {
        StringWriter out = new StringWriter();
        String[] args = Stream.concat(Stream.of(command), Stream.of(connection)).toArray(String[]::new);
        var commandLine = OperatorCli.cli().commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(out, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString());
    }

    @Test
    void verify_finds_posts_out_of_step_with_their_events_and_repair_rewrites_them() {
        BlogPostService service = service();
        String healthy = service.create("alice", "Healthy").id();
        String behind = service.create("alice", "Draft").id();
        var stray = new AggregateEvent<BlogPostEvent>(
                EventIds.system().next(),
                "BlogPostTitleChanged",
                "BlogPost",
                behind,
                2,
                "ops",
                new BlogPostEvent.BlogPostTitleChanged("Restored"),
                EventMetadata.NONE);
        server.client()
                .putItem(b -> b.tableName(TableNames.withPrefix(prefix).eventsTable())
                        .item(DynamoDbTables.eventItem(
                                ItemLayout.COMPACT,
                                JsonCodec.of(BlogPosts.BLOG_POST).encode(stray))));
        String edited = service.create("bob", "Original").id();
        server.client()
                .updateItem(b -> b.tableName(prefix + "BlogPost")
                        .key(Map.of("id", AttributeValue.fromS(edited)))
                        .updateExpression("SET d.title = :t")
                        .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("Edited"))));

        Run verify = cli("verify");

        assertThat(verify.code()).as(verify.out()).isEqualTo(3);
        assertThat(verify.out())
                .contains("BlogPost " + behind + " row=1 events=2 row-behind")
                .contains("BlogPost " + edited + " row=1 events=1 state-differs: the row differs from the fold of its "
                        + "events in d.title")
                .doesNotContain(healthy);
        Run repair = cli("repair");
        assertThat(repair.code()).as(repair.out()).isZero();
        Run again = cli("verify");
        assertThat(again.code()).as(again.out()).isZero();
        BlogPostService restarted = service();
        assertThat(restarted.find(behind).orElseThrow().state().title()).isEqualTo("Restored");
        assertThat(restarted.find(edited).orElseThrow().state().title()).isEqualTo("Original");
    }

    @Test
    void repairs_an_authors_state_with_the_services_keys_and_shows_events_as_stored_encrypted() {
        BlogPostService service = service();
        service.setProfile("alice", "alice", "Alice Example", "alice@example.com", Optional.empty());
        // one-item mode: the author's state rides on their newest event; an operator's edit loses it
        Map<String, AttributeValue> newest =
                Map.of("s", AttributeValue.fromS("Author#alice"), "v", AttributeValue.fromN("1"));
        String events = TableNames.withPrefix(prefix).eventsTable();
        server.client().updateItem(b -> b.tableName(events).key(newest).updateExpression("REMOVE st"));

        Run repair = cli("repair", "--kms-key", ServiceKeys.localAlias(prefix));
        Run stored = cli("events", "Author", "alice");

        assertThat(repair.code()).as(repair.out()).isZero();
        assertThat(repair.out()).contains("Author alice row rewritten at version 1 from its events");
        String state = server.client()
                .getItem(b -> b.tableName(events).key(newest).consistentRead(true))
                .item()
                .get("st")
                .toString();
        assertThat(state)
                .as("written encrypted with the service's key")
                .contains("$pd1:")
                .doesNotContain("Alice Example", "alice@example.com");
        assertThat(service().author("alice").orElseThrow().state().name())
                .as("which the service reads")
                .isEqualTo("Alice Example");
        assertThat(stored.code()).as(stored.out()).isZero();
        assertThat(stored.out())
                .as("the CLI shows events as stored")
                .contains("\"name\":\"$pd1:")
                .doesNotContain("Alice Example", "alice@example.com");
        service.forget("alice", "olivia");
        Run forgotten = cli("events", "Author", "alice");
        assertThat(forgotten.out()).contains("AuthorForgotten").doesNotContain("Alice Example", "alice@example.com");
    }

    @Test
    void scripts_escqrs_runs_the_cli_of_the_service() throws Exception {
        String id = service().create("alice", "Through the script").id();
        List<String> command = Stream.concat(
                        Stream.of(Path.of("..", "scripts", "escqrs").toString(), "events", "BlogPost", id),
                        Stream.of(connection))
                .toList();
        ProcessBuilder process = new ProcessBuilder(command).redirectErrorStream(true);
        // the script's own way to run on a given class path instead of the jar, which is built after the tests
        process.environment().put("ESCQRS_CLI_CLASSPATH", System.getProperty("java.class.path"));
        Process started = process.start();
        assertThat(started.waitFor(60, TimeUnit.SECONDS))
                .as("scripts/escqrs ends within 60 s")
                .isTrue();
        String out = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(started.exitValue()).as(out).isZero();
        assertThat(out)
                .contains("\"eventName\":\"BlogPostCreated\"")
                .contains("\"aggregateId\":\"" + id + "\"")
                .contains("\"title\":\"Through the script\"");
    }
}
