package dev.escqrs.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.EventStore;
import org.junit.jupiter.api.Test;

class InMemoryModuleTest {
    @Test
    void binds_every_port_to_one_store() {
        Injector injector = Guice.createInjector(new InMemoryModule(), new AbstractModule() {
            @Override
            protected void configure() {
                bind(JsonCodec.class).toInstance(JsonCodec.create(Counter.TYPES));
            }
        });

        EventStore store = injector.getInstance(EventStore.class);
        assertThat(store)
                .isInstanceOf(InMemoryEventStore.class)
                .isSameAs(injector.getInstance(AggregateReader.class))
                .isSameAs(injector.getInstance(ChangeFeed.class));
    }
}
