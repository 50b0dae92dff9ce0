package dev.escqrs.dynamodb;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.escqrs.dynamodb.Wallet.WALLET;
import static org.assertj.core.api.Assertions.assertThat;

class DynamoDbModuleTest {
    @Test
    void binds_the_ports_to_dynamodb_and_creates_the_tables() {
        TableNames names = TableNames.withPrefix(DynamoDbFixture.SERVER.tablePrefix(getClass()));
        Injector injector = Guice.createInjector(DynamoDbModule.builder()
                .tables(names)
                .endpoint(DynamoDbFixture.SERVER.endpoint())
                .region(DynamoDbTestServer.REGION)
                .credentials(DynamoDbTestServer.credentials())
                .createTables(List.of("Wallet"))
                .build(), new AbstractModule() {
            @Override
            protected void configure() {
                bind(JsonCodec.class).toInstance(JsonCodec.create(Wallet.TYPES));
            }
        });

        EventStore store = injector.getInstance(EventStore.class);
        AggregateReader reader = injector.getInstance(AggregateReader.class);
        assertThat(store).isInstanceOf(DynamoDbEventStore.class).isSameAs(reader);
        assertThat(injector.getInstance(ChangeFeed.class)).isInstanceOf(DynamoDbChangeFeed.class);

        var wallets = CommandHandler.builder(WALLET, Wallet.DECIDER).store(store, reader).eventTypes(Wallet.TYPES).build();
        String id = wallets.create("ann", new Wallet.Open("ann")).aggregate().id();
        assertThat(reader.read(WALLET, id)).isPresent();
    }
}
