package dev.escqrs.example.blogpost;

import static dev.escqrs.example.blogpost.ServiceUnderTest.json;
import static dev.escqrs.example.blogpost.domain.Author.AUTHOR;
import static dev.escqrs.example.blogpost.domain.BlogPosts.BLOG_POST;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.error.StoreUnavailableException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.core.reaction.ReactionObserver;
import dev.escqrs.core.reaction.Reactor;
import dev.escqrs.core.reaction.Send;
import dev.escqrs.dynamodb.DynamoDbReactionLedger;
import dev.escqrs.example.blogpost.app.AuthorStats;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.http.Authentication;
import dev.escqrs.example.blogpost.lambda.AuthorStatsLambda;
import dev.escqrs.inmemory.InMemoryEventStore;
import dev.escqrs.testkit.contract.Eventually;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.reaction.ReactionScenario;
import dev.escqrs.testkit.reaction.Redelivery;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The workflow: a published post is counted on its author's profile, once, however its events are delivered. */
class AuthorStatsTest {
    @Test
    void a_published_post_calls_for_its_count_on_the_authors_profile_and_nothing_else_does() {
        ReactionScenario.of(AuthorStats.REACTION)
                .on(BLOG_POST, "post-1")
                .as("alice")
                .given(new BlogPostEvent.BlogPostCreated("Hello", "alice"))
                .when(new BlogPostEvent.BlogPostPublished())
                .thenSends(Send.to(
                        AUTHOR,
                        CommandRequest.createOrUpdate(
                                "alice", AuthorStats.ACTOR, new Author.CountPublishedPost("post-1"))));
        ReactionScenario.of(AuthorStats.REACTION)
                .on(BLOG_POST, "post-1")
                .as("alice")
                .given(new BlogPostEvent.BlogPostCreated("Hello", "alice"))
                .when(new BlogPostEvent.BlogPostTitleChanged("Hello again"))
                .thenNothing();
    }

    static Stream<StoreFixture> stores() {
        return dev.escqrs.example.blogpost.Stores.all();
    }

    private static ReactionLedger ledgerFor(Stores stores) {
        if (!(stores.eventStore() instanceof dev.escqrs.dynamodb.DynamoDbEventStore)) {
            return ReactionLedger.inMemory();
        }
        String table = DynamoDbTestServer.get().tablePrefix(AuthorStatsTest.class) + AuthorStats.NAME;
        DynamoDbReactionLedger.createTable(dev.escqrs.example.blogpost.Stores.dynamoDb(), table);
        return new DynamoDbReactionLedger(dev.escqrs.example.blogpost.Stores.dynamoDb(), table);
    }

    private static CommandHandler<Author.Command, Author.Event, Author.Profile> authors(Stores stores) {
        return CommandHandler.builder(AUTHOR, Author.DECIDER)
                .store(stores.eventStore(), stores.reader())
                .build();
    }

    private static long publishedPosts(Stores stores, String author) {
        return authors(stores).read(author).map(a -> a.state().publishedPosts()).orElse(0L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void every_event_delivered_twice_and_out_of_order_counts_each_published_post_once(StoreFixture fixture) {
        Stores stores = fixture.create(BlogPosts.codec(DataKeys.inMemory()));
        var posts = CommandHandler.builder(BLOG_POST, new BlogPostDecider())
                .store(stores.eventStore(), stores.reader())
                .build();
        List<AggregateEvent<?>> events = new ArrayList<>();
        for (String author : List.of("alice", "alice", "bob")) {
            var created = posts.handle(CommandRequest.create(author, new BlogPostCommand.CreateBlogPost("Hi", author)));
            events.addAll(created.events());
            events.addAll(posts.update(created.aggregate().id(), author, new BlogPostCommand.PublishBlogPost(author), 1)
                    .events());
        }
        posts.handle(CommandRequest.create("carol", new BlogPostCommand.CreateBlogPost("Draft", "carol")));
        Reactor reactor = AuthorStats.reactor(authors(stores), ledgerFor(stores), ReactionObserver.NONE);

        Redelivery.deliverTwiceOutOfOrder(reactor, stores.eventStore(), events, 11);

        assertThat(publishedPosts(stores, "alice")).isEqualTo(2);
        assertThat(publishedPosts(stores, "bob")).isEqualTo(1);
        assertThat(authors(stores).read("carol"))
                .as("no published post, no profile")
                .isEmpty();
        if (stores.eventStore() instanceof dev.escqrs.dynamodb.DynamoDbEventStore dynamo) {
            // the service stores Author in one-item mode: no row, the state on the author's newest event
            var client = dev.escqrs.example.blogpost.Stores.dynamoDb();
            assertThat(client.getItem(b -> b.tableName(dynamo.tables().aggregateTable("Author"))
                                    .consistentRead(true)
                                    .key(java.util.Map.of(
                                            "id",
                                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                                    "alice"))))
                            .hasItem())
                    .as("a row of alice")
                    .isFalse();
            var newest = client.query(b -> b.tableName(dynamo.tables().eventsTable())
                            .consistentRead(true)
                            .keyConditionExpression("s = :s")
                            .scanIndexForward(false)
                            .limit(1)
                            .expressionAttributeValues(java.util.Map.of(
                                    ":s",
                                    software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                            "Author#alice"))))
                    .items();
            assertThat(newest)
                    .singleElement()
                    .satisfies(item -> assertThat(item).containsKey("st"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void the_lambda_counts_a_redelivered_and_reordered_batch_once(StoreFixture fixture) {
        JsonCodec codec = BlogPosts.codec(DataKeys.inMemory());
        Stores stores = fixture.create(codec);
        var posts = CommandHandler.builder(BLOG_POST, new BlogPostDecider())
                .store(stores.eventStore(), stores.reader())
                .build();
        posts.handle(CommandRequest.createWithId("p1", "alice", new BlogPostCommand.CreateBlogPost("Hello", "alice")));
        posts.update("p1", "alice", new BlogPostCommand.ChangeTitle("Hello, Lambda", "alice"), 1);
        posts.update("p1", "alice", new BlogPostCommand.PublishBlogPost("alice"), 2);
        AuthorStatsLambda lambda = new AuthorStatsLambda(
                ServiceTables.named("blog-"),
                codec,
                stores.eventStore(),
                stores.reader(),
                ledgerFor(stores),
                dev.escqrs.core.projection.Parking.inMemory());
        DynamodbEvent reversed = EventLoader.loadDynamoDbEvent("events/published-post.json");
        reversed.setRecords(new ArrayList<>(reversed.getRecords().reversed()));

        var first = lambda.handleRequest(EventLoader.loadDynamoDbEvent("events/only-the-publication.json"), null);
        var again = lambda.handleRequest(EventLoader.loadDynamoDbEvent("events/published-post.json"), null);
        var reordered = lambda.handleRequest(reversed, null);

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(reordered.getBatchItemFailures()).isEmpty();
        assertThat(publishedPosts(stores, "alice")).isEqualTo(1);
    }

    @Test
    void a_store_failure_is_a_batch_item_failure_and_the_retried_batch_counts_once() {
        JsonCodec codec = BlogPosts.codec(DataKeys.inMemory());
        InMemoryEventStore memory = new InMemoryEventStore(codec);
        var posts = CommandHandler.builder(BLOG_POST, new BlogPostDecider())
                .store(memory, memory)
                .build();
        posts.handle(CommandRequest.createWithId("p1", "alice", new BlogPostCommand.CreateBlogPost("Hello", "alice")));
        posts.update("p1", "alice", new BlogPostCommand.ChangeTitle("Hello, Lambda", "alice"), 1);
        posts.update("p1", "alice", new BlogPostCommand.PublishBlogPost("alice"), 2);
        AtomicBoolean down = new AtomicBoolean(true);
        EventStore failingOnce = (EventStore) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {EventStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("append") && down.getAndSet(false)) {
                        throw new StoreUnavailableException("injected: the events table throttled the write", null);
                    }
                    try {
                        return method.invoke(memory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        AuthorStatsLambda lambda = new AuthorStatsLambda(
                ServiceTables.named("blog-"),
                codec,
                failingOnce,
                memory,
                ReactionLedger.inMemory(),
                dev.escqrs.core.projection.Parking.inMemory());

        var failed = lambda.handleRequest(EventLoader.loadDynamoDbEvent("events/published-post.json"), null);
        var retried = lambda.handleRequest(EventLoader.loadDynamoDbEvent("events/published-post.json"), null);

        assertThat(failed.getBatchItemFailures())
                .as("Lambda retries from the publication's record")
                .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .hasSize(1);
        assertThat(retried.getBatchItemFailures()).isEmpty();
        assertThat(authors(Stores.of(memory))
                        .read("alice")
                        .orElseThrow()
                        .state()
                        .publishedPosts())
                .isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void the_service_counts_published_posts_on_the_authors_profile_over_http(String store) {
        try (ServiceUnderTest service = new ServiceUnderTest(store, Authentication.development(), getClass())) {
            for (String title : List.of("One", "Two")) {
                String id = service.created(title);
                assertThat(service.send(
                                        "POST",
                                        "/posts/" + id + "/publish",
                                        null,
                                        "X-Actor-Id",
                                        "alice",
                                        "If-Match",
                                        "\"1\"")
                                .statusCode())
                        .isEqualTo(200);
            }

            Eventually.await("alice's profile to count 2 published posts", () -> {
                HttpResponse<String> author = service.send("GET", "/authors/alice", null);
                return author.statusCode() == 200
                        && json(author).get("publishedPosts").asLong() == 2;
            });
            assertThat(service.send("GET", "/authors/nobody", null).statusCode())
                    .isEqualTo(404);
            assertThat(service.send("GET", "/metrics", null).body())
                    .contains("escqrs_reaction_commands_total{command=\"CountPublishedPost\",outcome=\"sent\","
                            + "reaction=\"author-stats\"} 2.0");
            JsonNode health = json(service.send("GET", "/health", null));
            assertThat(health.get("workflows").get("name").asText()).isEqualTo(AuthorStats.NAME);
        }
    }
}
