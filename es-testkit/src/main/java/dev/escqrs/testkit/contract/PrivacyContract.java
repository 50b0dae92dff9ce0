package dev.escqrs.testkit.contract;

import static dev.escqrs.core.privacy.PersonalData.ERASED;
import static dev.escqrs.testkit.internal.Member.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.error.StoreUnavailableException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.testkit.internal.Member;
import dev.escqrs.testkit.internal.Member.ChangeEmail;
import dev.escqrs.testkit.internal.Member.Command;
import dev.escqrs.testkit.internal.Member.EmailChanged;
import dev.escqrs.testkit.internal.Member.Event;
import dev.escqrs.testkit.internal.Member.Join;
import dev.escqrs.testkit.internal.Member.Joined;
import dev.escqrs.testkit.internal.Member.State;
import dev.escqrs.testkit.internal.Member.Visit;
import dev.escqrs.testkit.internal.Member.Visited;
import dev.escqrs.testkit.projection.RecordingProjection;
import dev.escqrs.testkit.scenario.Scenario;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Crypto-shredding, the same on every store: personal data is stored encrypted, and after its subject is forgotten
 * every read path (command handler reads and commands, history reads, the change feed, a projection's rebuild) shows
 * it erased, no byte the store holds contains it, and everyone else's data reads as before; the same scenario has one
 * outcome pure and on the store. Subclass it per adapter; stores with a table per aggregate type need one for
 * {@link #AGGREGATE_NAMES}.
 */
public abstract class PrivacyContract {
    /** The aggregate types this contract writes. */
    public static final List<String> AGGREGATE_NAMES = List.of(Member.NAME);

    private static final List<String> ANN =
            List.of("ann@example.com", "Ann Example", "ann@new.example", "ann@third.example");

    protected PrivacyContract() {}

    /** The adapter under test. */
    protected abstract StoreFixture fixture();

    /**
     * Everything the store holds, read raw as an operator would (every item of every table it writes, every event
     * and row as stored), as text.
     */
    protected abstract String everythingStored(Stores stores);

    private final DataKeys keys = DataKeys.inMemory();
    private final JsonCodec codec = JsonCodec.of(MEMBER).withPersonalData(keys);
    private final EventIds ids = EventIds.seeded(Clock.systemUTC(), 37);
    private Stores stores;
    private CommandHandler<Command, Event, State> members;

    @BeforeEach
    void createStore() {
        stores = fixture().create(codec);
        members = CommandHandler.builder(MEMBER, Member.DECIDER)
                .store(stores.eventStore(), stores.reader())
                .eventIds(ids)
                .cacheSize(0)
                .build();
    }

    @AfterEach
    void releaseStore() {
        stores.close();
    }

    private void joinAnnAndBob() {
        members.handle(CommandRequest.createWithId("ann", "ann", new Join("ann", "ann@example.com", "Ann Example")));
        members.handle(CommandRequest.update("ann", "ann", new ChangeEmail("ann@new.example")));
        members.handle(CommandRequest.createWithId("bob", "bob", new Join("bob", "bob@example.com", "Bob Example")));
    }

    @Test
    void personal_data_is_stored_encrypted_and_read_plain_while_its_key_exists() {
        joinAnnAndBob();

        assertThat(everythingStored(stores))
                .doesNotContain("ann@example.com", "Ann Example", "ann@new.example", "bob@example.com")
                .contains("basic");
        assertThat(members.read("ann").orElseThrow().state())
                .isEqualTo(new State("ann@new.example", "Ann Example", "basic", 0));
        assertThat(payloads("ann"))
                .containsExactly(
                        new Joined("ann", "ann@example.com", "Ann Example", "basic"),
                        new EmailChanged("ann@new.example"));
    }

    @Test
    void after_a_forget_every_read_shows_the_subject_erased_and_everyone_else_as_before() {
        joinAnnAndBob();

        keys.forget("ann");

        assertThat(members.read("ann").orElseThrow().state()).isEqualTo(new State(ERASED, ERASED, "basic", 0));
        assertThat(payloads("ann"))
                .containsExactly(new Joined("ann", ERASED, ERASED, "basic"), new EmailChanged(ERASED));
        assertThat(feedPayloads())
                .containsExactly(
                        new Joined("ann", ERASED, ERASED, "basic"),
                        new EmailChanged(ERASED),
                        new Joined("bob", "bob@example.com", "Bob Example", "basic"));
        assertThat(members.read("bob").orElseThrow().state())
                .isEqualTo(new State("bob@example.com", "Bob Example", "basic", 0));
    }

    @Test
    void commands_on_a_forgotten_subject_go_on_and_store_its_new_personal_data_erased() {
        joinAnnAndBob();
        keys.forget("ann");

        members.handle(CommandRequest.update("ann", "ann", new Visit("/home")));
        members.handle(CommandRequest.update("ann", "ann", new ChangeEmail("ann@third.example")));

        Aggregate<State> ann = members.read("ann").orElseThrow();
        assertThat(ann.version()).isEqualTo(4);
        assertThat(ann.state()).isEqualTo(new State(ERASED, ERASED, "basic", 1));
        assertThat(payloads("ann").subList(2, 4)).containsExactly(new Visited("/home"), new EmailChanged(ERASED));
        String stored = everythingStored(stores);
        ANN.forEach(value -> assertThat(stored).as("the store holds %s", value).doesNotContain(value));
        assertThat(keys.findOrCreate("ann"))
                .as("a forgotten subject gets no new key")
                .isEmpty();
    }

    @Test
    void a_read_model_rebuilt_after_a_forget_holds_none_of_the_subjects_data() throws Exception {
        joinAnnAndBob();
        keys.forget("ann");

        Map<String, String> emails = new ConcurrentHashMap<>();
        RecordingProjection byEmail = new RecordingProjection().onApply(event -> {
            if (event.payload() instanceof Joined joined) {
                emails.put(event.aggregateId(), joined.email());
            } else if (event.payload() instanceof EmailChanged changed) {
                emails.put(event.aggregateId(), changed.email());
            }
        });
        ProjectionRunner runner = ProjectionRunner.builder(ProjectionSpec.builder("member-emails", byEmail)
                        .aggregates(MEMBER)
                        .codec(codec)
                        .store(stores.eventStore())
                        .build())
                .feed(stores.feed())
                .pollInterval(Duration.ofMillis(50))
                .build();
        try (ProjectionRunner.Running running = runner.start()) {
            Eventually.await("the read model to hold both members", () -> emails.size() == 2);
            assertThat(running.lastFailure()).isEmpty();
        }
        assertThat(emails).containsExactlyInAnyOrderEntriesOf(Map.of("ann", ERASED, "bob", "bob@example.com"));
    }

    @Test
    void a_key_store_that_cannot_answer_fails_the_command_and_nothing_is_written() {
        DataKeys down = new DataKeys() {
            @Override
            public java.util.Optional<dev.escqrs.core.privacy.DataKey> find(String subject) {
                throw new StoreUnavailableException("the key store is down (test)", null);
            }

            @Override
            public java.util.Optional<dev.escqrs.core.privacy.DataKey> findOrCreate(String subject) {
                return find(subject);
            }

            @Override
            public void forget(String subject) {
                find(subject);
            }
        };
        try (Stores failing = fixture().create(JsonCodec.of(MEMBER).withPersonalData(down))) {
            CommandHandler<Command, Event, State> handler = CommandHandler.builder(MEMBER, Member.DECIDER)
                    .store(failing.eventStore(), failing.reader())
                    .eventIds(ids)
                    .cacheSize(0)
                    .retryPolicy(dev.escqrs.core.command.RetryPolicy.immediate(1))
                    .build();

            assertThatThrownBy(() -> handler.handle(CommandRequest.createWithId(
                            "ann", "ann", new Join("ann", "ann@example.com", "Ann Example"))))
                    .isInstanceOf(StoreUnavailableException.class);

            assertThat(failing.reader().read(MEMBER, "ann")).isEmpty();
            assertThat(failing.eventStore().events(MEMBER, "ann").toList()).isEmpty();
        }
    }

    @Test
    void a_read_model_that_fails_on_personal_data_logs_none_of_it() throws Exception {
        joinAnnAndBob();
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
                if (record.getParameters() != null) {
                    for (Object parameter : record.getParameters()) {
                        line.append(' ').append(parameter);
                    }
                }
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    line.append(' ').append(t);
                }
                logged.add(line.toString());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger escqrs = java.util.logging.Logger.getLogger("dev.escqrs");
        escqrs.addHandler(capture);
        // the application's own error names the event: its toString must hide the personal data
        RecordingProjection failing = new RecordingProjection().beforeApply(event -> {
            if (event.aggregateId().equals("ann")) {
                throw new IllegalStateException("cannot apply " + event);
            }
        });
        ProjectionRunner runner = ProjectionRunner.builder(ProjectionSpec.builder("failing", failing)
                        .aggregates(MEMBER)
                        .codec(codec)
                        .store(stores.eventStore())
                        .build())
                .feed(stores.feed())
                .pollInterval(Duration.ofMillis(50))
                .build();
        try (ProjectionRunner.Running running = runner.start()) {
            Eventually.await(
                    "the runner to report the failure",
                    () -> running.lastFailure().isPresent() && !logged.isEmpty());
            assertThat(running.lastFailure().orElseThrow().toString())
                    .contains("cannot apply MemberJoined")
                    .doesNotContain("ann@example.com", "Ann Example");
        } finally {
            escqrs.removeHandler(capture);
        }
        assertThat(String.join("\n", logged))
                .contains("cannot apply")
                .doesNotContain("ann@example.com", "Ann Example", "ann@new.example");
    }

    @Test
    void the_same_scenario_has_one_outcome_pure_and_on_the_store() {
        for (Scenario<Command, Event, State> scenario :
                List.of(Scenario.pure(MEMBER, Member.DECIDER), Scenario.onStore(MEMBER, Member.DECIDER, fixture()))) {
            Scenario<Command, Event, State> ann =
                    scenario.withAggregateId("ann").forgetting("ann");
            ann.given(new Joined("ann", "ann@example.com", "Ann Example", "basic"))
                    .when(new Visit("/home"))
                    .then(new Visited("/home"))
                    .thenState(state -> assertThat(state).isEqualTo(new State(ERASED, ERASED, "basic", 1)));
            ann.given(new Joined("ann", "ann@example.com", "Ann Example", "basic"))
                    .when(new ChangeEmail("ann@new.example"))
                    .then(new EmailChanged(ERASED));
            scenario.withAggregateId("bob")
                    .forgetting("ann")
                    .given(new Joined("bob", "bob@example.com", "Bob Example", "basic"))
                    .when(new ChangeEmail("bob@new.example"))
                    .then(new EmailChanged("bob@new.example"));
        }
    }

    private List<Event> payloads(String memberId) {
        return stores.eventStore()
                .events(MEMBER, memberId)
                .map(AggregateEvent::payload)
                .toList();
    }

    /** Every event on the change feed, from its start, in the feed's order per aggregate. */
    private List<Object> feedPayloads() {
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
