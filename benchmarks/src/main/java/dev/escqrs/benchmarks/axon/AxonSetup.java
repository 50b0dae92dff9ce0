package dev.escqrs.benchmarks.axon;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;

/**
 * Axon Framework 4 wired by hand, as a user without Spring would: an in-memory event storage engine, an
 * event-sourcing repository and a simple command bus. Uncached, each command replays the aggregate's events (no
 * snapshots, no cache: Axon's default). Cached, the repository is Axon's caching event-sourcing repository, the
 * first thing its users tune, with a cache that keeps every aggregate ({@link MapCache}): a command on a cached
 * aggregate replays nothing.
 */
public final class AxonSetup implements AutoCloseable {
    private final EmbeddedEventStore eventStore;
    private final CommandGateway gateway;

    public AxonSetup(boolean cached) {
        eventStore = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine())
                .build();
        EventSourcingRepository.Builder<AxonBlogPost> builder =
                EventSourcingRepository.builder(AxonBlogPost.class).eventStore(eventStore);
        if (cached) {
            builder.cache(new MapCache());
        }
        EventSourcingRepository<AxonBlogPost> repository = builder.build();
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        AggregateAnnotationCommandHandler.<AxonBlogPost>builder()
                .aggregateType(AxonBlogPost.class)
                .repository(repository)
                .build()
                .subscribe(bus);
        gateway = DefaultCommandGateway.builder().commandBus(bus).build();
    }

    public CommandGateway gateway() {
        return gateway;
    }

    /** Stores a history of {@code events} events (a create, then title changes) for {@code id}, without commands. */
    public void seed(String id, int events) {
        List<DomainEventMessage<?>> messages = new ArrayList<>(events);
        messages.add(new GenericDomainEventMessage<>(
                "AxonBlogPost", id, 0, new AxonBlogPost.PostCreated(id, "t0", "alice")));
        for (int i = 1; i < events; i++) {
            messages.add(
                    new GenericDomainEventMessage<>("AxonBlogPost", id, i, new AxonBlogPost.TitleChanged(id, "t" + i)));
        }
        eventStore.publish(messages);
    }

    @Override
    public void close() {
        eventStore.shutDown();
    }
}
