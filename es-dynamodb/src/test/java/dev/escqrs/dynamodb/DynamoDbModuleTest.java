package dev.escqrs.dynamodb;

import static dev.escqrs.dynamodb.Wallet.WALLET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.dynamodb.feed.DynamoDbChangeFeed;
import dev.escqrs.dynamodb.feed.DynamoDbIndexFeed;
import dev.escqrs.dynamodb.feed.DynamoDbIndexer;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.race.RaceChecker;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

class DynamoDbModuleTest {
    private static Injector injector(DynamoDbModule module, JsonCodec codec) {
        return Guice.createInjector(module, new AbstractModule() {
            @Override
            protected void configure() {
                bind(JsonCodec.class).toInstance(codec);
            }
        });
    }

    private static TableNames freshNames(Class<?> test) {
        return TableNames.withPrefix(DynamoDbFixture.SERVER.tablePrefix(test));
    }

    @Nested
    class Local {
        @Test
        void an_observer_is_told_of_every_request_by_operation() {
            List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            Injector injector = injector(
                    DynamoDbModule.builder()
                            .tables(freshNames(getClass()))
                            .emulator(DynamoDbFixture.SERVER.endpoint())
                            .observer((operation, failed, took) -> seen.add(operation + (failed ? " failed" : "")))
                            .createTables(List.of("Wallet"))
                            .build(),
                    JsonCodec.create(Wallet.TYPES));
            EventStore store = injector.getInstance(EventStore.class);
            AggregateReader reader = injector.getInstance(AggregateReader.class);
            var wallets = CommandHandler.builder(WALLET, Wallet.DECIDER)
                    .store(store, reader)
                    .cacheSize(0)
                    .build();
            reader.read(WALLET, "w-none"); // the store's look for the one-item marker, once a minute per type
            seen.clear();

            String id =
                    wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
            wallets.update(id, "ann", new Wallet.Deposit(3), 1);

            assertThat(seen).containsExactly("TransactWriteItems", "GetItem", "TransactWriteItems");
        }

        @Test
        void the_documented_snippet_needs_only_the_endpoint_no_region_or_credentials() {
            Injector injector = injector(
                    DynamoDbModule.builder()
                            .tables(freshNames(getClass()))
                            .endpoint(DynamoDbFixture.SERVER.endpoint())
                            .createTables(List.of("Wallet"))
                            .build(),
                    JsonCodec.create(Wallet.TYPES));

            EventStore store = injector.getInstance(EventStore.class);
            AggregateReader reader = injector.getInstance(AggregateReader.class);
            assertThat(store).isInstanceOf(DynamoDbEventStore.class).isSameAs(reader);
            assertThat(injector.getInstance(ChangeFeed.class)).isInstanceOf(DynamoDbChangeFeed.class);

            var wallets = CommandHandler.builder(WALLET, Wallet.DECIDER)
                    .store(store, reader)
                    .build();
            String id =
                    wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
            assertThat(reader.read(WALLET, id)).isPresent();
        }

        @Test
        void index_feed_binds_the_change_feed_to_the_index_and_creates_the_index_table_with_the_others() {
            TableNames names = freshNames(getClass());
            Injector injector = injector(
                    DynamoDbModule.builder()
                            .tables(names)
                            .emulator(DynamoDbFixture.SERVER.endpoint())
                            .createTables(List.of("Wallet"))
                            .indexFeed()
                            .build(),
                    JsonCodec.create(Wallet.TYPES));
            EventStore store = injector.getInstance(EventStore.class);
            AggregateReader reader = injector.getInstance(AggregateReader.class);
            ChangeFeed feed = injector.getInstance(ChangeFeed.class);
            var client = injector.getInstance(software.amazon.awssdk.services.dynamodb.DynamoDbClient.class);

            assertThat(feed).isInstanceOf(DynamoDbIndexFeed.class);
            assertThat(client.describeTable(b -> b.tableName(names.indexTable()))
                            .table()
                            .tableName())
                    .isEqualTo(names.indexTable());
            String id = CommandHandler.builder(WALLET, Wallet.DECIDER)
                    .store(store, reader)
                    .build()
                    .create("ann", new Wallet.Open("ann"))
                    .aggregate()
                    .id();
            assertThat(feed.read(Checkpoint.START, 10).events())
                    .as("nothing indexed yet: the index is the feed")
                    .isEmpty();
            DynamoDbIndexer.builder(
                            client,
                            injector.getInstance(
                                    software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient.class),
                            names)
                    .build()
                    .indexOnce();
            assertThat(feed.read(Checkpoint.START, 10).events())
                    .extracting(e -> e.aggregateId())
                    .containsExactly(id);
        }

        @Test
        void explicit_region_and_credentials_still_win() {
            Injector injector = injector(
                    DynamoDbModule.builder()
                            .tables(freshNames(getClass()))
                            .endpoint(DynamoDbFixture.SERVER.endpoint())
                            .region(Region.EU_WEST_1)
                            .credentials(DynamoDbTestServer.credentials())
                            .createTables(List.of("Wallet"))
                            .build(),
                    JsonCodec.create(Wallet.TYPES));

            assertThat(injector.getInstance(software.amazon.awssdk.services.dynamodb.DynamoDbClient.class)
                            .serviceClientConfiguration()
                            .region())
                    .isEqualTo(Region.EU_WEST_1);
        }

        /**
         * Racing writers through the module's own clients: with the emulator's one-request-at-a-time clients moto
         * keeps every acknowledged write (with pooled connections it loses some: see docs/testing.md).
         */
        @Test
        void an_emulator_gets_clients_that_lose_no_acknowledged_write_under_racing_writers() throws Exception {
            StoreFixture viaModule = StoreFixture.of("dynamodb module, emulator", codec -> {
                Injector injector = injector(
                        DynamoDbModule.builder()
                                .tables(freshNames(DynamoDbModuleTest.class))
                                .emulator(DynamoDbFixture.SERVER.endpoint())
                                .createTables(List.of("Tally"))
                                .build(),
                        codec);
                EventStore store = injector.getInstance(EventStore.class);
                return new Stores(
                        store, injector.getInstance(AggregateReader.class), injector.getInstance(ChangeFeed.class));
            });

            RaceChecker.Report report = RaceChecker.on(viaModule)
                    .threads(4)
                    .commandsPerThread(25)
                    .aggregates(1)
                    .seed(3)
                    .run();

            assertThat(report.gaveUp()).isZero();
            assertThat(report.retried()).as("the writers really raced").isPositive();
        }
    }

    @Nested
    class OnAws {
        @Test
        void a_missing_region_is_one_line_that_says_what_to_set() {
            DynamoDbModule.Builder builder = DynamoDbModule.builder()
                    .tables(TableNames.withPrefix("x-"))
                    .credentials(DynamoDbTestServer.credentials())
                    .regionChain(() -> {
                        throw SdkClientException.create("Unable to load region from any of the providers in the chain");
                    });

            assertThatThrownBy(builder::build)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("DynamoDB: no AWS region is set. Set AWS_REGION")
                    .hasMessageNotContaining("\n");
        }

        @Test
        void missing_credentials_are_one_line_that_says_what_to_set() {
            DynamoDbModule.Builder builder = DynamoDbModule.builder()
                    .tables(TableNames.withPrefix("x-"))
                    .region(Region.EU_WEST_1)
                    .credentials(() -> {
                        throw SdkClientException.create("Unable to load credentials from any of the providers");
                    });

            assertThatThrownBy(builder::build)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("DynamoDB: no AWS credentials found. Set AWS_ACCESS_KEY_ID")
                    .hasMessageNotContaining("\n");
        }
    }
}
