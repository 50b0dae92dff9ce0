package dev.escqrs.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.event.EventTypes;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.reaction.Reaction;
import dev.escqrs.core.reaction.Reactor;
import dev.escqrs.dynamodb.DynamoDbCheckpoints;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbReactionLedger;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.feed.DynamoDbIndexFeed;
import dev.escqrs.dynamodb.table.ItemLayout;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.app.AuthorStats;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.readmodel.InMemoryPublishedPosts;
import dev.escqrs.inmemory.InMemoryCheckpoints;
import dev.escqrs.inmemory.InMemoryEventStore;
import dev.escqrs.micrometer.EscqrsMeters;
import dev.escqrs.opentelemetry.EscqrsTracing;
import dev.escqrs.testkit.contract.Eventually;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Every property and condition of the starter, each in a context of its own. */
class EscqrsAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    EscqrsMetricsAutoConfiguration.class,
                    EscqrsTracingAutoConfiguration.class,
                    EscqrsMemoryStoreAutoConfiguration.class,
                    EscqrsDynamoDbAutoConfiguration.class,
                    EscqrsAutoConfiguration.class,
                    EscqrsHealthAutoConfiguration.class))
            .withUserConfiguration(Aggregates.class);

    @Configuration(proxyBeanMethods = false)
    static class Aggregates {
        @Bean
        EscqrsAggregate<BlogPostCommand, BlogPostEvent, BlogPost> blogPosts() {
            return EscqrsAggregate.of(BlogPosts.BLOG_POST, new BlogPostDecider());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReadModel {
        @Bean
        InMemoryPublishedPosts publishedPosts() {
            return new InMemoryPublishedPosts();
        }

        @Bean
        ProjectionSpec publishedPostsSpec(InMemoryPublishedPosts publishedPosts, EventStore store) {
            return ProjectionSpec.builder("published-posts", publishedPosts)
                    .aggregates(BlogPosts.BLOG_POST)
                    .store(store)
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AuthorStatsReaction {
        @Bean
        EscqrsAggregate<Author.Command, Author.Event, Author.Profile> authors() {
            return EscqrsAggregate.of(Author.AUTHOR, Author.DECIDER);
        }

        @Bean
        EscqrsReaction authorStats() {
            return EscqrsReaction.of(AuthorStats.NAME, AuthorStats.REACTION);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AuthorStatsAgain {
        @Bean
        EscqrsReaction authorStatsAgain() {
            return EscqrsReaction.of(AuthorStats.NAME, AuthorStats.REACTION);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingReaction {
        @Bean
        EscqrsReaction failing() {
            return EscqrsReaction.of(
                    "failing",
                    Reaction.on(BlogPosts.BLOG_POST, BlogPostEvent.BlogPostCreated.class, (event, created) -> {
                        throw new IllegalStateException("no effect today");
                    }));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class InjectsProjections {
        @Bean
        String projectionNames(EscqrsProjections projections) {
            return String.join(",", projections.names());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Meters {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Traces {
        static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

        @Bean(destroyMethod = "close")
        SdkTracerProvider tracerProvider() {
            return SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(SPANS))
                    .build();
        }

        @Bean
        OpenTelemetry openTelemetry(SdkTracerProvider tracerProvider) {
            return OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStore {
        @Bean
        InMemoryEventStore myStore() {
            return new InMemoryEventStore(JsonCodec.of(BlogPosts.BLOG_POST));
        }
    }

    private static String create(CommandHandlers handlers) {
        return handlers.<BlogPostCommand, BlogPostEvent, BlogPost>get(BlogPosts.BLOG_POST)
                .handle(CommandRequest.create(
                        "alice", (BlogPostCommand) new BlogPostCommand.CreateBlogPost("Hi", "alice")))
                .aggregate()
                .id();
    }

    @Nested
    class TheStore {
        @Test
        void is_not_guessed_when_escqrs_store_is_not_set_the_start_fails_saying_what_to_set() {
            runner.run(context -> assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("escqrs.store is not set: set escqrs.store=dynamodb")
                    .hasMessageContaining("or escqrs.store=memory for development and tests"));
        }

        @Test
        void memory_is_one_in_memory_store_as_store_reader_and_feed_with_checkpoints_in_memory() {
            runner.withPropertyValues("escqrs.store=memory").run(context -> {
                assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(InMemoryEventStore.class)
                        .hasSingleBean(InMemoryCheckpoints.class)
                        .doesNotHaveBean(DynamoDbClient.class)
                        .hasSingleBean(dev.escqrs.core.projection.Parking.class);
                assertThat(context.getBean(EventStore.class)).isSameAs(context.getBean(ChangeFeed.class));
                CommandHandlers handlers = context.getBean(CommandHandlers.class);
                assertThat(handlers.names()).containsExactly("BlogPost");
                String id = create(handlers);
                assertThat(context.getBean(InMemoryEventStore.class).read(BlogPosts.BLOG_POST, id))
                        .isPresent();
                assertThat(context.getBean(JsonCodec.class).types().names()).contains("BlogPostCreated");
            });
        }

        @Test
        void memory_keeps_the_data_keys_of_personal_data_in_memory_and_the_codec_uses_them() {
            runner.withPropertyValues("escqrs.store=memory").run(context -> {
                assertThat(context.getBean(JsonCodec.class).dataKeys()).containsSame(context.getBean(DataKeys.class));
            });
        }

        @Test
        void an_applications_own_store_is_used_and_the_starter_makes_none() {
            runner.withPropertyValues("escqrs.store=memory")
                    .withUserConfiguration(OwnStore.class)
                    .run(context -> {
                        assertThat(context)
                                .hasNotFailed()
                                .hasSingleBean(EventStore.class)
                                .hasSingleBean(Checkpoints.class);
                        assertThat(context.getBean(EventStore.class)).isSameAs(context.getBean("myStore"));
                        create(context.getBean(CommandHandlers.class));
                    });
        }

        @Test
        void dynamodb_without_a_table_prefix_does_not_start_and_says_what_to_set() {
            runner.withPropertyValues("escqrs.store=dynamodb", "escqrs.dynamodb.endpoint=http://127.0.0.1:1")
                    .run(context -> assertThat(context)
                            .hasFailed()
                            .getFailure()
                            .rootCause()
                            .hasMessageContaining("escqrs.store=dynamodb needs escqrs.dynamodb.table-prefix"));
        }

        @Test
        void an_emulator_without_an_endpoint_does_not_start() {
            runner.withPropertyValues(
                            "escqrs.store=dynamodb", "escqrs.dynamodb.table-prefix=t-", "escqrs.dynamodb.emulator=true")
                    .run(context -> assertThat(context)
                            .hasFailed()
                            .getFailure()
                            .rootCause()
                            .hasMessageContaining("escqrs.dynamodb.emulator=true needs escqrs.dynamodb.endpoint"));
        }
    }

    @Nested
    class OnDynamoDb {
        private final DynamoDbTestServer server = DynamoDbTestServer.get();

        private ApplicationContextRunner dynamo() {
            return runner.withPropertyValues(
                    "escqrs.store=dynamodb",
                    "escqrs.dynamodb.endpoint=" + server.endpoint(),
                    "escqrs.dynamodb.emulator=true",
                    "escqrs.dynamodb.table-prefix=" + server.tablePrefix(EscqrsAutoConfigurationTest.class));
        }

        @Test
        void the_properties_make_the_tables_names_layout_index_region_and_clients() {
            dynamo().withPropertyValues(
                            "escqrs.dynamodb.layout=descriptive",
                            "escqrs.dynamodb.events-by-name-shards=4",
                            "escqrs.dynamodb.region=eu-west-1")
                    .run(context -> {
                        assertThat(context)
                                .hasNotFailed()
                                .hasSingleBean(DynamoDbEventStore.class)
                                .hasSingleBean(DynamoDbChangeFeed.class)
                                .hasSingleBean(DynamoDbCheckpoints.class)
                                .doesNotHaveBean(InMemoryEventStore.class);
                        TableNames names = context.getBean(TableNames.class);
                        assertThat(names.eventsTable())
                                .startsWith("t-EscqrsAutoConfigurationTest-")
                                .endsWith("events");
                        assertThat(names.layout()).isEqualTo(ItemLayout.DESCRIPTIVE);
                        assertThat(names.eventsByNameShards()).isEqualTo(4);
                        assertThat(context.getBean(DynamoDbClient.class)
                                        .serviceClientConfiguration()
                                        .region())
                                .isEqualTo(Region.EU_WEST_1);
                        assertThat(context.getBean(Checkpoints.class)).isInstanceOf(DynamoDbCheckpoints.class);
                        assertThat(context.getBean(dev.escqrs.core.projection.Parking.class))
                                .isInstanceOf(dev.escqrs.dynamodb.DynamoDbParking.class);
                    });
        }

        @Test
        void one_item_names_the_types_stored_in_one_item_mode() {
            dynamo().withPropertyValues("escqrs.dynamodb.one-item=BlogPost,Author")
                    .run(context -> {
                        TableNames names = context.getBean(TableNames.class);
                        assertThat(names.storage("BlogPost")).isEqualTo(dev.escqrs.dynamodb.table.StorageMode.ONE_ITEM);
                        assertThat(names.storage("Author")).isEqualTo(dev.escqrs.dynamodb.table.StorageMode.ONE_ITEM);
                        assertThat(names.storage("Other")).isEqualTo(dev.escqrs.dynamodb.table.StorageMode.TWO_ITEM);
                    });
        }

        @Test
        @ExtendWith(OutputCaptureExtension.class)
        void an_endpoint_without_the_emulator_setting_warns_saying_what_to_set(CapturedOutput output) {
            runner.withPropertyValues(
                            "escqrs.store=dynamodb",
                            "escqrs.dynamodb.endpoint=" + server.endpoint(),
                            "escqrs.dynamodb.table-prefix=t-")
                    .run(context -> assertThat(context).hasNotFailed());
            assertThat(output)
                    .contains("escqrs.dynamodb.endpoint=" + server.endpoint()
                            + " is set without escqrs.dynamodb.emulator: if it is an emulator such as moto, set "
                            + "escqrs.dynamodb.emulator=true");
        }

        @Test
        @ExtendWith(OutputCaptureExtension.class)
        void the_emulator_setting_or_an_aws_endpoint_gives_no_warning(CapturedOutput output) {
            dynamo().run(context -> assertThat(context).hasNotFailed());
            runner.withPropertyValues(
                            "escqrs.store=dynamodb",
                            "escqrs.dynamodb.table-prefix=t-",
                            "escqrs.dynamodb.endpoint=https://dynamodb.eu-west-1.amazonaws.com",
                            "escqrs.dynamodb.region=eu-west-1")
                    .run(context -> assertThat(context).hasNotFailed());
            assertThat(output).doesNotContain("is set without escqrs.dynamodb.emulator");
        }

        @Test
        void a_kms_key_makes_the_data_keys_table_and_the_codec_encrypts_personal_data_with_it() {
            String kmsKey;
            try (var kms = server.kmsClient()) {
                kmsKey = kms.createKey(b -> b.description("starter test"))
                        .keyMetadata()
                        .keyId();
            }
            dynamo().withPropertyValues("escqrs.dynamodb.create-tables=true", "escqrs.dynamodb.kms-key-id=" + kmsKey)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        TableNames names = context.getBean(TableNames.class);
                        assertThat(server.client().listTables().tableNames()).contains(names.keysTable());
                        JsonCodec codec = context.getBean(JsonCodec.class);
                        assertThat(codec.dataKeys()).containsSame(context.getBean(DataKeys.class));
                        assertThat(context.getBean(DataKeys.class).findOrCreate("ann"))
                                .isPresent();
                        assertThat(context.getBean(DataKeys.class).toString()).contains(kmsKey);
                    });
        }

        @Test
        void without_a_kms_key_there_are_no_data_keys() {
            dynamo().run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(DataKeys.class);
                assertThat(context.getBean(JsonCodec.class).dataKeys()).isEmpty();
            });
        }

        @Test
        void create_tables_creates_the_tables_of_the_aggregates_and_commands_are_written_there() {
            dynamo().withPropertyValues("escqrs.dynamodb.create-tables=true").run(context -> {
                assertThat(context).hasNotFailed();
                TableNames names = context.getBean(TableNames.class);
                List<String> tables = server.client().listTables().tableNames();
                assertThat(tables).contains(names.eventsTable(), names.aggregateTable("BlogPost"));
                String id = create(context.getBean(CommandHandlers.class));
                assertThat(context.getBean(DynamoDbEventStore.class).read(BlogPosts.BLOG_POST, id))
                        .isPresent();
                HealthIndicator store = context.getBean("escqrsStoreHealthIndicator", HealthIndicator.class);
                assertThat(store.health().getStatus()).isEqualTo(Status.UP);
                assertThat(store.health().getDetails()).containsEntry("status", "ACTIVE");
            });
        }

        @Test
        void without_create_tables_nothing_is_created_and_the_store_health_is_down() {
            dynamo().run(context -> {
                assertThat(context).hasNotFailed();
                String events = context.getBean(TableNames.class).eventsTable();
                assertThat(server.client().listTables().tableNames()).doesNotContain(events);
                HealthIndicator store = context.getBean("escqrsStoreHealthIndicator", HealthIndicator.class);
                assertThat(store.health().getStatus()).isEqualTo(Status.DOWN);
                assertThat(store.health().getDetails())
                        .containsEntry("eventsTable", events)
                        .containsKey("error");
            });
        }
    }

    @Nested
    class Projections {
        @Test
        void each_projection_spec_bean_runs_with_the_context_and_reports_its_health() {
            runner.withPropertyValues("escqrs.store=memory", "escqrs.projections.poll-interval=50ms")
                    .withUserConfiguration(ReadModel.class)
                    .run(context -> {
                        EscqrsProjections projections = context.getBean(EscqrsProjections.class);
                        assertThat(projections.names()).containsExactly("published-posts");
                        assertThat(projections.runsHere()).isTrue();
                        assertThat(projections.isRunning()).isTrue();
                        String id = create(context.getBean(CommandHandlers.class));
                        assertThat(projections
                                        .running("published-posts")
                                        .orElseThrow()
                                        .awaitApplied(BlogPosts.BLOG_POST, id, 1, java.time.Duration.ofSeconds(30)))
                                .isTrue();
                        // the backfill may apply the event before the runner turns to the feed
                        assertThat(projections
                                        .running("published-posts")
                                        .orElseThrow()
                                        .awaitTailing(java.time.Duration.ofSeconds(30)))
                                .isTrue();
                        CompositeHealthContributor health =
                                context.getBean("escqrsProjectionsHealthContributor", CompositeHealthContributor.class);
                        HealthIndicator one = (HealthIndicator) health.getContributor("published-posts");
                        assertThat(one.health().getStatus()).isEqualTo(Status.UP);
                        assertThat(one.health().getDetails())
                                .containsEntry("phase", "tailing")
                                .containsEntry("parked", 0)
                                .containsEntry("degraded", false);
                    });
        }

        @Test
        void are_not_run_here_when_disabled_for_lambda_or_kcl_and_a_bean_injecting_them_still_starts() {
            runner.withPropertyValues("escqrs.store=memory", "escqrs.projections.enabled=false")
                    .withUserConfiguration(ReadModel.class, InjectsProjections.class, AuthorStatsReaction.class)
                    .run(context -> {
                        assertThat(context)
                                .hasNotFailed()
                                .hasSingleBean(EscqrsProjections.class)
                                .doesNotHaveBean("escqrsProjectionsHealthContributor");
                        EscqrsProjections projections = context.getBean(EscqrsProjections.class);
                        assertThat(projections.names()).containsExactly("published-posts", AuthorStats.NAME);
                        assertThat(projections.runsHere()).isFalse();
                        assertThat(projections.isRunning()).isFalse();
                        assertThat(projections.status("published-posts")).isEmpty();
                        assertThat(projections.running("published-posts")).isEmpty();
                        assertThat(projections)
                                .hasToString("EscqrsProjections[published-posts, author-stats] "
                                        + "(not run here: escqrs.projections.enabled=false)");
                    });
        }

        @Test
        void a_stopped_context_stops_its_runners() {
            List<EscqrsProjections> seen = new ArrayList<>();
            runner.withPropertyValues("escqrs.store=memory")
                    .withUserConfiguration(ReadModel.class)
                    .run(context -> seen.add(context.getBean(EscqrsProjections.class)));
            assertThat(seen.getFirst().isRunning()).isFalse();
            assertThat(seen.getFirst().status("published-posts")).isEmpty();
        }
    }

    /** Publishes a new post of alice's and waits for the author-stats reaction to count it on her profile. */
    private static String publishAndAwaitTheCount(CommandHandlers handlers) {
        String post = create(handlers);
        handlers.<BlogPostCommand, BlogPostEvent, BlogPost>get(BlogPosts.BLOG_POST)
                .update(post, "alice", new BlogPostCommand.PublishBlogPost("alice"), 1);
        CommandHandler<Author.Command, Author.Event, Author.Profile> authors = handlers.get(Author.AUTHOR);
        Eventually.await(
                "the reaction to count the post on alice's profile",
                () -> authors.read("alice")
                        .map(profile -> profile.state().publishedPosts() == 1)
                        .orElse(false));
        return post;
    }

    @Nested
    class Reactions {
        @Test
        void an_escqrs_reaction_bean_runs_with_the_context_on_a_ledger_in_memory_and_is_measured() {
            runner.withPropertyValues("escqrs.store=memory", "escqrs.projections.poll-interval=50ms")
                    .withUserConfiguration(AuthorStatsReaction.class, Meters.class)
                    .run(context -> {
                        assertThat(context).hasNotFailed().hasSingleBean(EscqrsReactions.class);
                        EscqrsProjections projections = context.getBean(EscqrsProjections.class);
                        assertThat(projections.names()).containsExactly(AuthorStats.NAME);
                        publishAndAwaitTheCount(context.getBean(CommandHandlers.class));
                        Reactor reactor = context.getBean(EscqrsReactions.class).get(AuthorStats.NAME);
                        // the reactor counts a command after its handler returned, so the profile shows it first
                        Eventually.await(
                                "the reactor to count the command it sent",
                                () -> reactor.counts().sent() == 1);
                        MeterRegistry meters = context.getBean(MeterRegistry.class);
                        Eventually.await(
                                "the meter to count it",
                                () -> meters.get("escqrs.reaction.commands")
                                                .tags("reaction", AuthorStats.NAME)
                                                .counter()
                                                .count()
                                        == 1);
                    });
        }

        @Test
        void a_reaction_that_throws_parks_its_source_aggregate_in_the_parking_bean() {
            runner.withPropertyValues("escqrs.store=memory", "escqrs.projections.poll-interval=50ms")
                    .withUserConfiguration(FailingReaction.class)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        String post = create(context.getBean(CommandHandlers.class));
                        Parking parking = context.getBean(Parking.class);
                        Eventually.await(
                                "the post to be parked by the failing reaction",
                                () -> parking.find("failing", "BlogPost", post).isPresent());
                        assertThat(parking.find("failing", "BlogPost", post)
                                        .orElseThrow()
                                        .error()
                                        .message())
                                .contains("no effect today");
                    });
        }

        @Test
        void two_reactions_of_one_name_do_not_start() {
            runner.withPropertyValues("escqrs.store=memory")
                    .withUserConfiguration(AuthorStatsReaction.class, AuthorStatsAgain.class)
                    .run(context -> assertThat(context)
                            .hasFailed()
                            .getFailure()
                            .rootCause()
                            .hasMessageContaining("two EscqrsReaction beans are named author-stats"));
        }

        @Test
        void on_dynamodb_the_ledger_is_a_table_of_its_own_created_with_the_others() {
            DynamoDbTestServer server = DynamoDbTestServer.get();
            String prefix = server.tablePrefix(EscqrsAutoConfigurationTest.class);
            runner.withPropertyValues(
                            "escqrs.store=dynamodb",
                            "escqrs.dynamodb.endpoint=" + server.endpoint(),
                            "escqrs.dynamodb.emulator=true",
                            "escqrs.dynamodb.table-prefix=" + prefix,
                            "escqrs.dynamodb.create-tables=true",
                            "escqrs.projections.poll-interval=100ms")
                    .withUserConfiguration(AuthorStatsReaction.class)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(server.client().listTables().tableNames()).contains(prefix + AuthorStats.NAME);
                        String post = publishAndAwaitTheCount(context.getBean(CommandHandlers.class));
                        DynamoDbReactionLedger ledger =
                                new DynamoDbReactionLedger(server.client(), prefix + AuthorStats.NAME);
                        Eventually.await(
                                "the ledger to record the publication",
                                () -> ledger.reactedVersion("BlogPost", post) == 2);
                    });
        }

        @Test
        void with_the_index_feed_and_the_indexer_here_read_models_and_reactions_read_the_index() {
            DynamoDbTestServer server = DynamoDbTestServer.get();
            runner.withPropertyValues(
                            "escqrs.store=dynamodb",
                            "escqrs.dynamodb.endpoint=" + server.endpoint(),
                            "escqrs.dynamodb.emulator=true",
                            "escqrs.dynamodb.table-prefix=" + server.tablePrefix(EscqrsAutoConfigurationTest.class),
                            "escqrs.dynamodb.create-tables=true",
                            "escqrs.dynamodb.feed=index",
                            "escqrs.dynamodb.indexer.enabled=true",
                            "escqrs.projections.poll-interval=100ms")
                    .withUserConfiguration(ReadModel.class, AuthorStatsReaction.class, Meters.class)
                    .run(context -> {
                        assertThat(context)
                                .hasNotFailed()
                                .hasSingleBean(DynamoDbIndexFeed.class)
                                .doesNotHaveBean(DynamoDbChangeFeed.class)
                                .hasSingleBean(EscqrsIndexer.class);
                        String post = publishAndAwaitTheCount(context.getBean(CommandHandlers.class));
                        assertThat(context.getBean(EscqrsProjections.class)
                                        .running("published-posts")
                                        .orElseThrow()
                                        .awaitApplied(BlogPosts.BLOG_POST, post, 2, Eventually.timeout()))
                                .isTrue();
                        assertThat(context.getBean(EscqrsIndexer.class).status().entries())
                                .isGreaterThanOrEqualTo(2);
                        assertThat(context.getBean(MeterRegistry.class)
                                        .get("escqrs.indexer.entries")
                                        .functionCounter()
                                        .count())
                                .isGreaterThanOrEqualTo(2);
                        assertThat(context.getBean("escqrsIndexerHealthIndicator", HealthIndicator.class)
                                        .health()
                                        .getStatus())
                                .isEqualTo(Status.UP);
                    });
        }

        @Test
        void of_two_replicas_on_one_table_one_runs_the_reaction_and_the_other_stands_by() {
            DynamoDbTestServer server = DynamoDbTestServer.get();
            ApplicationContextRunner replica = runner.withPropertyValues(
                            "escqrs.store=dynamodb",
                            "escqrs.dynamodb.endpoint=" + server.endpoint(),
                            "escqrs.dynamodb.emulator=true",
                            "escqrs.dynamodb.table-prefix=" + server.tablePrefix(EscqrsAutoConfigurationTest.class),
                            "escqrs.dynamodb.create-tables=true",
                            "escqrs.projections.poll-interval=100ms")
                    .withUserConfiguration(AuthorStatsReaction.class);
            replica.withPropertyValues("escqrs.projections.lease.holder=first").run(first -> {
                assertThat(first).hasNotFailed();
                EscqrsProjections one = first.getBean(EscqrsProjections.class);
                Eventually.await(
                        "the first replica to run the reaction",
                        () -> one.status(AuthorStats.NAME)
                                .map(s -> s.phase() == ProjectionRunner.Phase.TAILING)
                                .orElse(false));
                replica.withPropertyValues("escqrs.projections.lease.holder=second")
                        .run(second -> {
                            EscqrsProjections two = second.getBean(EscqrsProjections.class);
                            Eventually.await(
                                    "the second to stand by",
                                    () -> two.status(AuthorStats.NAME)
                                            .map(s -> s.phase() == ProjectionRunner.Phase.STANDBY)
                                            .orElse(false));
                            publishAndAwaitTheCount(second.getBean(CommandHandlers.class));
                            assertThat(two.status(AuthorStats.NAME)
                                            .orElseThrow()
                                            .phase())
                                    .isEqualTo(ProjectionRunner.Phase.STANDBY);
                        });
            });
        }

        @Test
        void the_change_feed_parks_when_a_runner_here_parks_and_stops_otherwise() {
            DynamoDbTestServer server = DynamoDbTestServer.get();
            ApplicationContextRunner dynamo = runner.withPropertyValues(
                    "escqrs.store=dynamodb",
                    "escqrs.dynamodb.endpoint=" + server.endpoint(),
                    "escqrs.dynamodb.emulator=true",
                    "escqrs.dynamodb.table-prefix=" + server.tablePrefix(EscqrsAutoConfigurationTest.class),
                    "escqrs.dynamodb.create-tables=true",
                    "escqrs.projections.enabled=false");
            dynamo.withUserConfiguration(ReadModel.class)
                    .run(context -> assertThat(
                                    context.getBean(DynamoDbChangeFeed.class).badRecords())
                            .isEqualTo(BadRecords.STOP));
            dynamo.withUserConfiguration(AuthorStatsReaction.class)
                    .run(context -> assertThat(
                                    context.getBean(DynamoDbChangeFeed.class).badRecords())
                            .isEqualTo(BadRecords.PARK));
        }
    }

    @Nested
    class MetersAndHealth {
        @Test
        void with_a_meter_registry_commands_and_projections_are_measured() {
            runner.withPropertyValues("escqrs.store=memory")
                    .withUserConfiguration(Meters.class, ReadModel.class)
                    .run(context -> {
                        assertThat(context).hasSingleBean(EscqrsMeters.class);
                        create(context.getBean(CommandHandlers.class));
                        MeterRegistry registry = context.getBean(MeterRegistry.class);
                        assertThat(registry.get("escqrs.commands")
                                        .tags("aggregate", "BlogPost", "outcome", "appended")
                                        .timer()
                                        .count())
                                .isEqualTo(1);
                        assertThat(registry.get("escqrs.projection.healthy")
                                        .tags("projection", "published-posts")
                                        .gauge())
                                .isNotNull();
                    });
        }

        @Test
        void without_a_meter_registry_there_are_no_meters() {
            runner.withPropertyValues("escqrs.store=memory")
                    .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EscqrsMeters.class));
        }

        @Test
        void without_micrometer_on_the_class_path_there_are_no_meters_and_the_rest_works() {
            runner.withPropertyValues("escqrs.store=memory")
                    .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                    .run(context -> assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean(EscqrsMeters.class)
                            .hasSingleBean(CommandHandlers.class));
        }

        @Test
        void the_memory_store_health_says_what_it_loses() {
            runner.withPropertyValues("escqrs.store=memory").run(context -> {
                HealthIndicator store = context.getBean("escqrsStoreHealthIndicator", HealthIndicator.class);
                assertThat(store.health().getStatus()).isEqualTo(Status.UP);
                assertThat(store.health().getDetails())
                        .containsEntry("store", "memory")
                        .containsKey("warning");
            });
        }

        @Test
        void without_boots_health_support_there_are_no_indicators() {
            runner.withPropertyValues("escqrs.store=memory")
                    .withUserConfiguration(ReadModel.class)
                    .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                    .run(context -> assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean("escqrsStoreHealthIndicator")
                            .doesNotHaveBean("escqrsProjectionsHealthContributor"));
        }
    }

    @Nested
    class Tracing {
        @Test
        void with_open_telemetry_a_command_is_a_span_and_the_read_model_continues_its_trace() {
            Traces.SPANS.reset();
            runner.withPropertyValues("escqrs.store=memory", "escqrs.projections.poll-interval=50ms")
                    .withUserConfiguration(Traces.class, ReadModel.class)
                    .run(context -> {
                        assertThat(context).hasSingleBean(EscqrsTracing.class);
                        String id = create(context.getBean(CommandHandlers.class));
                        assertThat(context.getBean(EscqrsProjections.class)
                                        .running("published-posts")
                                        .orElseThrow()
                                        .awaitApplied(BlogPosts.BLOG_POST, id, 1, java.time.Duration.ofSeconds(30)))
                                .isTrue();
                        SpanData command = Traces.SPANS.getFinishedSpanItems().stream()
                                .filter(span -> span.getName().equals("BlogPost CreateBlogPost"))
                                .findFirst()
                                .orElseThrow();
                        Eventually.await(
                                "the apply span ended",
                                () -> Traces.SPANS.getFinishedSpanItems().stream()
                                        .anyMatch(span -> span.getName().equals("apply published-posts")));
                        SpanData apply = Traces.SPANS.getFinishedSpanItems().stream()
                                .filter(span -> span.getName().equals("apply published-posts"))
                                .findFirst()
                                .orElseThrow();
                        assertThat(apply.getLinks())
                                .extracting(link -> link.getSpanContext().getSpanId())
                                .containsExactly(command.getSpanId());
                    });
        }

        @Test
        void without_es_opentelemetry_on_the_class_path_nothing_is_traced_and_the_rest_works() {
            runner.withPropertyValues("escqrs.store=memory")
                    .withUserConfiguration(Traces.class)
                    .withClassLoader(new FilteredClassLoader(EscqrsTracing.class))
                    .run(context -> assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean(EscqrsTracing.class)
                            .hasSingleBean(CommandHandlers.class));
        }
    }

    sealed interface TicketEvent permits TicketOpened, TicketClosed {}

    record TicketOpened() implements TicketEvent {}

    record TicketClosed() implements TicketEvent {}

    record Ticket(boolean open) {}

    @Configuration(proxyBeanMethods = false)
    static class TicketsMissingAnEvent {
        @Bean
        EscqrsAggregate<String, TicketEvent, Ticket> tickets() {
            return EscqrsAggregate.of(
                    AggregateType.of(
                            "Ticket",
                            Ticket.class,
                            TicketEvent.class,
                            EventTypes.builder()
                                    .register("TicketOpened", TicketOpened.class)
                                    .build()),
                    new Decider<>() {
                        @Override
                        public Ticket initialState() {
                            return new Ticket(false);
                        }

                        @Override
                        public List<TicketEvent> decide(String command, Ticket state) {
                            return List.of(new TicketClosed());
                        }

                        @Override
                        public Ticket evolve(Ticket state, TicketEvent event) {
                            return state;
                        }
                    });
        }
    }

    @Test
    void an_event_class_its_aggregate_type_does_not_register_stops_the_start_naming_it() {
        runner.withPropertyValues("escqrs.store=memory")
                .withUserConfiguration(TicketsMissingAnEvent.class)
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("aggregate Ticket: event class [" + TicketClosed.class.getName() + "]")
                        .hasMessageContaining(".register(\"TicketClosed\", TicketClosed.class)"));
    }

    @Nested
    class UnknownProperties {
        @Test
        void a_mistyped_property_fails_the_start_naming_it_and_the_nearest_known_key() {
            runner.withPropertyValues("escqrs.store=memory", "escqrs.projections.pol-interval=1s")
                    .run(context -> assertThat(context)
                            .hasFailed()
                            .getFailure()
                            .isInstanceOf(EscqrsConfigurationException.class)
                            .hasMessageContaining("property escqrs.projections.pol-interval is not an escqrs property; "
                                    + "the nearest is escqrs.projections.poll-interval"));
        }

        @Test
        void a_typo_in_the_store_itself_is_named_before_the_missing_store() {
            runner.withPropertyValues("escqrs.stor=memory")
                    .run(context -> assertThat(context)
                            .hasFailed()
                            .getFailure()
                            .hasMessageContaining("property escqrs.stor is not an escqrs property; the nearest is "
                                    + "escqrs.store"));
        }

        @Test
        void every_form_spring_binds_is_known_camel_case_and_environment_variables_alike() {
            runner.withPropertyValues(
                            "escqrs.store=memory",
                            "escqrs.projections.pollInterval=50ms",
                            "ESCQRS_PROJECTIONS_ENABLED=true",
                            "escqrs.dynamodb.TABLE_PREFIX=t-")
                    .run(context -> assertThat(context).hasNotFailed());
        }

        @Test
        void the_testkits_own_flags_are_not_taken_for_typos_and_a_typo_of_one_still_is() {
            runner.withSystemProperties("escqrs.testkit.maxWaitMillis=1500", "escqrs.testkit.seed=7")
                    .withPropertyValues("escqrs.store=memory")
                    .run(context -> assertThat(context).hasNotFailed());
            runner.withSystemProperties("escqrs.testkit.maxWaitMilis=1500")
                    .withPropertyValues("escqrs.store=memory")
                    .run(context -> assertThat(context)
                            .hasFailed()
                            .getFailure()
                            .hasMessageContaining("property escqrs.testkit.maxWaitMilis is not an escqrs property"));
        }

        @Test
        void nearest_is_the_known_key_fewest_edits_away() {
            assertThat(EscqrsPropertyCheck.distance("kitten", "sitting")).isEqualTo(3);
            assertThat(EscqrsPropertyCheck.nearest(
                            "ESCQRS_DYNAMODB_ENDPIONT",
                            java.util.Set.of("escqrs.dynamodb.endpoint", "escqrs.dynamodb.emulator")))
                    .isEqualTo("escqrs.dynamodb.endpoint");
        }
    }

    @Test
    void ides_complete_every_property_from_the_generated_metadata() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the configuration processor's metadata").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        List<String> names = new ArrayList<>();
        metadata.get("properties").forEach(p -> {
            names.add(p.get("name").asText());
            assertThat(p.path("description").asText())
                    .as("description of %s", p.get("name"))
                    .isNotBlank();
        });
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "escqrs.store",
                        "escqrs.dynamodb.table-prefix",
                        "escqrs.dynamodb.region",
                        "escqrs.dynamodb.endpoint",
                        "escqrs.dynamodb.emulator",
                        "escqrs.dynamodb.layout",
                        "escqrs.dynamodb.events-by-name-shards",
                        "escqrs.dynamodb.one-item",
                        "escqrs.dynamodb.kms-key-id",
                        "escqrs.dynamodb.create-tables",
                        "escqrs.dynamodb.feed",
                        "escqrs.dynamodb.indexer.enabled",
                        "escqrs.projections.enabled",
                        "escqrs.projections.poll-interval",
                        "escqrs.projections.lease.enabled",
                        "escqrs.projections.lease.duration",
                        "escqrs.projections.lease.holder",
                        "escqrs.console.enabled",
                        "escqrs.console.port",
                        "escqrs.console.address",
                        "escqrs.web.problems.enabled");
    }
}
