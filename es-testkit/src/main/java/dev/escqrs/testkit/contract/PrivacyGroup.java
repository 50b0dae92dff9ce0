package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Member.MEMBER;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.testkit.internal.Member;
import dev.escqrs.testkit.internal.Member.ChangeEmail;
import dev.escqrs.testkit.internal.Member.Command;
import dev.escqrs.testkit.internal.Member.Event;
import dev.escqrs.testkit.internal.Member.Join;
import dev.escqrs.testkit.internal.Member.State;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;

/**
 * What {@link PrivacyContract}'s {@code @Nested} groups share: the store of the test that runs them, its key store and
 * codec, a command handler for members, two members joined, and their events as the store and the feed return them.
 */
abstract class PrivacyGroup {
    static final List<String> ANN = List.of("ann@example.com", "Ann Example", "ann@new.example", "ann@third.example");

    private final PrivacyContract contract;
    DataKeys keys;
    JsonCodec codec;
    final EventIds ids = EventIds.seeded(Clock.systemUTC(), 37);
    Stores stores;
    CommandHandler<Command, Event, State> members;

    PrivacyGroup(PrivacyContract contract) {
        this.contract = contract;
    }

    @BeforeEach
    void useTheContractsStore() {
        keys = contract.keys;
        codec = contract.codec;
        stores = contract.stores;
        members = CommandHandler.builder(MEMBER, Member.DECIDER)
                .store(stores.eventStore(), stores.reader())
                .eventIds(ids)
                .cacheSize(0)
                .build();
    }

    StoreFixture fixture() {
        return contract.fixture();
    }

    String everythingStored(Stores stores) {
        return contract.everythingStored(stores);
    }

    void joinAnnAndBob() {
        members.handle(CommandRequest.createWithId("ann", "ann", new Join("ann", "ann@example.com", "Ann Example")));
        members.handle(CommandRequest.update("ann", "ann", new ChangeEmail("ann@new.example")));
        members.handle(CommandRequest.createWithId("bob", "bob", new Join("bob", "bob@example.com", "Bob Example")));
    }

    List<Event> payloads(String memberId) {
        return stores.eventStore()
                .events(MEMBER, memberId)
                .map(AggregateEvent::payload)
                .toList();
    }

    /** Every event on the change feed, from its start, in the feed's order per aggregate. */
    List<Object> feedPayloads() {
        Set<String> all = stores.eventStore()
                .events(MEMBER, "ann")
                .map(AggregateEvent::eventId)
                .collect(Collectors.toSet());
        stores.eventStore().events(MEMBER, "bob").forEach(e -> all.add(e.eventId()));
        List<AggregateEvent<Object>> delivered =
                FeedReader.readUntil(stores.feed(), Checkpoint.START, all, 100).events();
        return delivered.stream()
                .sorted(java.util.Comparator.comparing((AggregateEvent<Object> e) -> e.aggregateId())
                        .thenComparingLong(AggregateEvent::aggregateVersion))
                .map(AggregateEvent::payload)
                .map(Object.class::cast)
                .toList();
    }
}
