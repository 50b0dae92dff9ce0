package com.example.posts;

import com.example.posts.Posts.Post;
import com.example.posts.Posts.PostCommand;
import com.example.posts.Posts.PostDecider;
import com.example.posts.Posts.PostEvent;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.error.DomainException;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbModule;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.inmemory.InMemoryEventStore;
import dev.escqrs.inmemory.InMemoryModule;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.scenario.Scenario;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.example.posts.Posts.POST;
import static org.assertj.core.api.Assertions.assertThat;

class PostsTest {
    @Test
    void the_quick_start_runs() {
        InMemoryEventStore store = new InMemoryEventStore(JsonCodec.of(POST));   // or a DynamoDbEventStore
        CommandHandler<PostCommand, PostEvent, Post> posts = CommandHandler.builder(POST, new PostDecider())
                .store(store, store).build();

        String id = posts.create("alice", new PostCommand.Create("Hello")).aggregate().id();
        posts.update(id, "alice", new PostCommand.Publish(), 1);

        assertThat(store.read(POST, id).orElseThrow().state()).isEqualTo(new Post("Hello", true));
    }

    @Test
    void the_store_is_wired_by_installing_a_module() {
        Injector injector = Guice.createInjector(new InMemoryModule(), new AbstractModule() {   // or DynamoDbModule
            @Override
            protected void configure() {
                bind(JsonCodec.class).toInstance(JsonCodec.of(POST));
            }
        });
        EventStore store = injector.getInstance(EventStore.class);
        CommandHandler<PostCommand, PostEvent, Post> posts = CommandHandler.builder(POST, new PostDecider())
                .store(store, injector.getInstance(AggregateReader.class)).build();

        assertThat(posts.create("alice", new PostCommand.Create("Hi")).aggregate().version()).isEqualTo(1);
    }

    @Test
    void the_rules_hold_pure_and_on_a_store() {
        StoreFixture memory = StoreFixture.of("memory", codec -> Stores.of(new InMemoryEventStore(codec)));
        for (Scenario<PostCommand, PostEvent, Post> post : List.of(
                Scenario.pure(POST, new PostDecider()), Scenario.onStore(POST, new PostDecider(), memory))) {
            post.given(new PostEvent.Created("Hello")).when(new PostCommand.Publish()).then(new PostEvent.Published());
            post.givenCommands(new PostCommand.Create("Hello"), new PostCommand.Publish())
                    .when(new PostCommand.Publish())
                    .thenThrows(DomainException.class, "already published");
        }
    }

    /** One connection to the test server for the whole run: moto loses acknowledged writes when requests overlap. */
    private static final class Moto {
        static final DynamoDbTestServer SERVER = DynamoDbTestServer.get();   // starts moto_server: pip install "moto[server]"
        static final DynamoDbTestServer.SerialClients CLIENTS = SERVER.serialClients(b -> { });
    }

    @Test
    void the_same_scenario_holds_on_dynamodb() {
        StoreFixture dynamodb = StoreFixture.of("dynamodb", codec -> {
            TableNames tables = TableNames.withPrefix(Moto.SERVER.tablePrefix(PostsTest.class));   // fresh tables
            new DynamoDbTables(Moto.CLIENTS.dynamoDb(), tables).createTables(List.of(POST.name()));
            DynamoDbEventStore store = new DynamoDbEventStore(Moto.CLIENTS.dynamoDb(), tables, codec);
            return new Stores(store, store, new DynamoDbChangeFeed(Moto.CLIENTS.dynamoDb(), Moto.CLIENTS.streams(),
                    tables, codec));
        });
        Scenario.onStore(POST, new PostDecider(), dynamodb)
                .givenCommands(new PostCommand.Create("Hello"))
                .when(new PostCommand.Publish())
                .then(new PostEvent.Published());
    }

    @Test
    void the_dynamodb_module_is_installed_the_same_way() {
        Injector injector = Guice.createInjector(DynamoDbModule.builder()   // on AWS: no emulator, region and credentials from the default chains
                .tables(TableNames.withPrefix(Moto.SERVER.tablePrefix(PostsTest.class)))
                .emulator(Moto.SERVER.endpoint())                            // one request at a time, as moto needs
                .createTables(List.of(POST.name()))
                .build(), new AbstractModule() {
            @Override
            protected void configure() {
                bind(JsonCodec.class).toInstance(JsonCodec.of(POST));
            }
        });
        CommandHandler<PostCommand, PostEvent, Post> posts = CommandHandler.builder(POST, new PostDecider())
                .store(injector.getInstance(EventStore.class), injector.getInstance(AggregateReader.class)).build();

        String id = posts.create("alice", new PostCommand.Create("On DynamoDB")).aggregate().id();

        assertThat(injector.getInstance(AggregateReader.class).read(POST, id).orElseThrow().state())
                .isEqualTo(new Post("On DynamoDB", false));
    }
}
