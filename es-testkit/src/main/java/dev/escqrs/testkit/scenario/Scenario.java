package dev.escqrs.testkit.scenario;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.testkit.store.StoreFixture;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

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

    private final ScenarioRunner<C, E, S> runner;
    private final String description;
    private final ScenarioSettings settings;

    private Scenario(ScenarioRunner<C, E, S> runner, String description, ScenarioSettings settings) {
        this.runner = runner;
        this.description = description;
        this.settings = settings;
    }

    /** A scenario on the decider alone. */
    public static <C, E, S> Scenario<C, E, S> pure(AggregateType<S, E> type, Decider<C, E, S> decider) {
        return new Scenario<>(new PureRunner<>(type.name(), decider), type.name() + " (pure)", ScenarioSettings.DEFAULT);
    }

    /** A scenario against a fresh store from {@code fixture}, through the real command handling. */
    public static <C, E, S> Scenario<C, E, S> onStore(AggregateType<S, E> type, Decider<C, E, S> decider,
                                                      StoreFixture fixture) {
        return new Scenario<>(new StoreRunner<>(type, decider, fixture),
                "%s (on %s)".formatted(type.name(), fixture.name()), ScenarioSettings.DEFAULT);
    }

    /** "BlogPost (pure)", "BlogPost (on memory)": how parameterized tests name it. */
    @Override
    public String toString() {
        return description;
    }

    /** The id the given events and the command are for (default {@code "aggregate-1"}). */
    public Scenario<C, E, S> withAggregateId(String aggregateId) {
        return new Scenario<>(runner, description, settings.withAggregateId(aggregateId));
    }

    /** The actor of the given events and the command (default {@code "test-actor"}). */
    public Scenario<C, E, S> as(String actorId) {
        return new Scenario<>(runner, description, settings.withActorId(actorId));
    }

    /** Another source of event ids and time (default: fixed at {@link #FIXED_TIME}, seeded). */
    public Scenario<C, E, S> withEventIds(EventIds eventIds) {
        return new Scenario<>(runner, description, settings.withEventIds(eventIds));
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
            return new When(events, Objects.requireNonNull(command, "command"), false);
        }
    }

    /** The command is set; say what must come of it. */
    public final class When {
        private final List<E> given;
        private final C command;
        private final boolean idempotent;

        private When(List<E> given, C command, boolean idempotent) {
            this.given = given;
            this.command = command;
            this.idempotent = idempotent;
        }

        /**
         * Also check that the command, run again on the given and the produced events, produces nothing (it already
         * took effect). Checked by {@code then}, {@code thenNothing} and {@code thenSatisfies}.
         */
        public When idempotent() {
            return new When(given, command, true);
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

        public Then<E, S> thenSatisfies(Consumer<List<E>> check) {
            return run().thenSatisfies(check);
        }

        public Then<E, S> thenState(Consumer<S> check) {
            return run().thenState(check);
        }

        private Then<E, S> run() {
            ScenarioRunner.Run<E, S> run = runner.run(settings, given, command);
            String text = describe();
            return new Then<>(text, run.outcome(), idempotent ? Optional.of(run.rerun()) : Optional.empty());
        }

        private String describe() {
            StringBuilder text = new StringBuilder("scenario ").append(description)
                    .append(" for ").append(settings.aggregateId()).append('\n');
            text.append("given ").append(given.isEmpty() ? "no events" : given.size() + " event(s):").append('\n');
            for (int i = 0; i < given.size(); i++) {
                text.append("    [").append(i).append("] ").append(given.get(i)).append('\n');
            }
            text.append("when ").append(command);
            return text.toString();
        }
    }

    /** Settings a scenario carries; immutable. */
    record ScenarioSettings(String aggregateId, String actorId, EventIds eventIds) {
        static final ScenarioSettings DEFAULT = new ScenarioSettings("aggregate-1", "test-actor", null);

        ScenarioSettings withAggregateId(String id) {
            return new ScenarioSettings(id, actorId, eventIds);
        }

        ScenarioSettings withActorId(String id) {
            return new ScenarioSettings(aggregateId, id, eventIds);
        }

        ScenarioSettings withEventIds(EventIds ids) {
            return new ScenarioSettings(aggregateId, actorId, ids);
        }

        /** The ids to use for one run: fresh fixed ones unless set, so each run is the same. */
        EventIds idsForRun() {
            return eventIds != null ? eventIds : EventIds.fixed(FIXED_TIME, 1);
        }
    }
}
