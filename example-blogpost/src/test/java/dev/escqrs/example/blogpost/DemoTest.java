package dev.escqrs.example.blogpost;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.escqrs.example.blogpost.app.BlogPostModule;
import dev.escqrs.example.blogpost.app.BlogPostService;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void the_demo_runs_the_original_scenario_and_rejects_the_stale_change(String store) {
        String[] args = store.equals("memory")
                ? new String[] {"demo"}
                : new String[] {
                    "demo",
                    "--store",
                    "dynamodb",
                    "--endpoint",
                    DynamoDbTestServer.get().endpoint().toString(),
                    "--table-prefix",
                    DynamoDbTestServer.get().tablePrefix(getClass())
                };
        Injector injector = Guice.createInjector(new BlogPostModule(), StoreModules.of(Options.parse(args)));
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();

        Demo.run(
                injector.getInstance(BlogPostService.class), new PrintStream(transcript, true, StandardCharsets.UTF_8));

        String text = transcript.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("v1 \"Hello escqrs\" by alice, draft")
                .contains("v2 \"Hello again, escqrs\" by alice, draft")
                .contains("rejected: BlogPost ")
                .contains("version mismatch: expected 1, got 2")
                .contains("refused: only the post's author may publish it")
                .contains("v3 \"Hello again, escqrs\" by alice, published")
                .contains("v3 BlogPostPublished by alice")
                .contains("alice v1: Alice Example <alice@example.com>")
                .contains("alice v2: [erased] <[erased]>, forgotten")
                .contains("refused: the author was forgotten");
        assertThat(text).doesNotContain("this should not happen");
    }
}
