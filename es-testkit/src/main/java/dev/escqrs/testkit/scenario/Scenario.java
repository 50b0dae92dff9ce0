package dev.escqrs.testkit.scenario;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.idempotency.IdempotencyKeys;
import dev.escqrs.testkit.store.StoreFixture;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.assertj.core.api.Condition;

/**
 * Given/when/then for a decider. The same scenario runs pure (on the decider's functions alone, in microseconds) or on
 * a real store (the given events appended through the {@code EventStore}, the command run by the real
 * {@code CommandHandler}, the outcome read back through the ports, so the codec and the store are in the loop).
 *
 * <pre>{@code
 * Scenario.pure(BLOG_POST, decider)
 *     .given(new BlogPostCreated("Hello", "alice"))
 *     .when(new PublishBlogPost())
 *     .then(new BlogPostPublished());
 *
 * Scenario.onStore(BLOG_POST, decider, fixture)                // the same, against a store
 *     .given(created, published)
 *     .when(new PublishBlogPost())
 *     .thenThrows(DomainException.class, "already published");
 * }</pre>
 *
 * Ids and time are fixed by default ({@link #FIXED_TIME}), so events with times in them compare equal run after run.
 *
 * @param <C> commands
 * @param <E> events
 * @param <S> state
 */
public final class Scenario<C, E, S> {
    /** The time of the default id generator's clock. */
    public static final Instant FIXED_TIME = Instant.parse("2026-01-01T00:00:00Z");

    private final ScenarioTarget<C, E, S> target;
    private final ScenarioSettings settings;

    private Scenario(ScenarioTarget<C, E, S> target, ScenarioSettings settings) {
        this.target = target;
        this.settings = settings;
    }

    /** A scenario on the decider alone. */
    public static <C, E, S> Scenario<C, E, S> pure(AggregateType<E, S> type, Decider<C, E, S> decider) {
        return new Scenario<>(
                new ScenarioTarget<>(type, decider, new PureRunner<>(type, decider), type.name() + " (pure)"),
                ScenarioSettings.DEFAULT);
    }

    /** A scenario against a fresh store from {@code fixture}, through the real command handling. */
    public static <C, E, S> Scenario<C, E, S> onStore(
            AggregateType<E, S> type, Decider<C, E, S> decider, StoreFixture fixture) {
        String description = "%s (on %s)".formatted(type.name(), fixture.name());
        return new Scenario<>(
                new ScenarioTarget<>(type, decider, new StoreRunner<>(type, decider, fixture), description),
                ScenarioSettings.DEFAULT);
    }

    private Scenario<C, E, S> with(ScenarioSettings newSettings) {
        return new Scenario<>(target, newSettings);
    }

    /** "BlogPost (pure)", "BlogPost (on memory)": how parameterized tests name it. */
    @Override
    public String toString() {
        return target.description();
    }

    /** The id the given events and the command are for (default {@code "aggregate-1"}). */
    public Scenario<C, E, S> withAggregateId(String aggregateId) {
        return with(settings.withAggregateId(aggregateId));
    }

    /** The actor of the given events and the command (default {@code "test-actor"}). */
    public Scenario<C, E, S> as(String actorId) {
        return with(settings.withActorId(actorId));
    }

    /** The metadata (correlation and causation ids) the command carries into its events (default none). */
    public Scenario<C, E, S> withMetadata(EventMetadata metadata) {
        return with(settings.withMetadata(Objects.requireNonNull(metadata, "metadata")));
    }

    /** Another source of event ids and time (default: fixed at {@link #FIXED_TIME}, seeded). */
    public Scenario<C, E, S> withEventIds(EventIds eventIds) {
        return with(settings.withEventIds(eventIds));
    }

    /**
     * Event time from a clock the test controls (a {@link TestClock}, or {@code Clock.fixed}): the events' ids, and so
     * their {@code occurredAt}, are taken at the clock's time; ids stay repeatable (seeded). Each run gets a new
     * generator on the same clock, so move the clock between scenarios, not during one.
     */
    public Scenario<C, E, S> withClock(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return with(settings.withClock(clock));
    }

    /**
     * Data subjects forgotten ({@code DataKeys.forget}) after the given events were written and before the command:
     * their {@code @PersonalData} in the history and in the state reads as erased, pure and on a store alike. Every
     * run has its own in-memory key store, so a scenario's forgetting stays in it.
     */
    public Scenario<C, E, S> forgetting(String... subjects) {
        return with(settings.withForgotten(Arrays.asList(subjects)));
    }

    /** The aggregate's history before the command; none means the command creates it. */
    @SafeVarargs
    public final Given given(E... events) {
        return new Given(Arrays.asList(events));
    }

    /** The aggregate's history before the command, as a list. */
    public Given givenEvents(List<E> events) {
        return new Given(List.copyOf(events));
    }

    /**
     * The aggregate's history before the command, as the events these commands decide, run in order on the decider
     * (the first one creates the aggregate). A refused given command fails the test, naming it.
     */
    @SafeVarargs
    public final Given givenCommands(C... commands) {
        return new Given(target.decide(settings.aggregateId(), commands));
    }

    /** No history: the command creates the aggregate. */
    public When when(C command) {
        return given().when(command);
    }

    /** The history is set; say the command. */
    public final class Given {
        private final List<E> events;

        private Given(List<E> events) {
            events.forEach(e -> Objects.requireNonNull(e, "a given event is null"));
            this.events = events;
        }

        public When when(C command) {
            return new When(events, Objects.requireNonNull(command, "command"), false, Optional.empty());
        }
    }

    /** The command is set; say what must come of it. */
    public final class When {
        private final List<E> given;
        private final C command;
        private final boolean idempotent;
        private final Optional<String> repeatKey;

        private When(List<E> given, C command, boolean idempotent, Optional<String> repeatKey) {
            this.given = given;
            this.command = command;
            this.idempotent = idempotent;
            this.repeatKey = repeatKey;
        }

        /**
         * Also check that the command, run again on the given and the produced events, produces nothing (it already
         * took effect). Checked by {@code then}, {@code thenNothing} and {@code thenSatisfies}.
         */
        public When idempotent() {
            return new When(given, command, true, repeatKey);
        }

        /**
         * Send the command with idempotency key {@code key}, then send the same request again, and check that the
         * repeat is answered with the first outcome: the same events (same ids and versions) and the same state, and
         * on a store that it wrote nothing. The then-part describes the first outcome. Pure, in memory and on
         * DynamoDB alike.
         *
         * <pre>{@code
         * scenario.given(created).when(new PublishBlogPost()).repeatedWithKey("req-1").then(new BlogPostPublished());
         * }</pre>
         */
        public When repeatedWithKey(String key) {
            return new When(given, command, idempotent, Optional.of(IdempotencyKeys.requireValid(key)));
        }

        @SafeVarargs
        public final Then<E, S> then(E... expected) {
            return run().thenEvents(Arrays.asList(expected));
        }

        public Then<E, S> thenEvents(List<E> expected) {
            return run().thenEvents(expected);
        }

        public Then<E, S> thenNothing() {
            return run().thenNothing();
        }

        public Then<E, S> thenThrows(Class<? extends Throwable> type, String messagePart) {
            return run().thenThrows(type, messagePart);
        }

        public Then<E, S> thenThrows(Class<? extends Throwable> type) {
            return run().thenThrows(type);
        }

        /** One predicate per produced event, in order: exactly as many events, each matching its predicate. */
        @SafeVarargs
        public final Then<E, S> thenEventsMatch(Predicate<? super E>... each) {
            return run().thenEventsMatch(each);
        }

        /** One AssertJ condition per produced event, in order: exactly as many events, each meeting its condition. */
        @SafeVarargs
        public final Then<E, S> thenEventsAre(Condition<? super E>... each) {
            return run().thenEventsAre(each);
        }

        /** The produced events' envelopes (ids, versions, actor, metadata, time) satisfy {@code check}. */
        public Then<E, S> thenEnvelopes(Consumer<List<AggregateEvent<E>>> check) {
            return run().thenEnvelopes(check);
        }

        public Then<E, S> thenSatisfies(Consumer<List<E>> check) {
            return run().thenSatisfies(check);
        }

        public Then<E, S> thenState(Consumer<S> check) {
            return run().thenState(check);
        }

        private Then<E, S> run() {
            return target.run(settings.withIdempotencyKey(repeatKey), given, command, idempotent);
        }
    }
}
