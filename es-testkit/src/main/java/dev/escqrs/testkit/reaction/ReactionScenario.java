package dev.escqrs.testkit.reaction;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.reaction.Reaction;
import dev.escqrs.core.reaction.Send;
import dev.escqrs.testkit.scenario.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.assertj.core.api.Assertions;

/**
 * Given/when/then for a {@link Reaction}, pure: given the events of a source aggregate, when its next event, then the
 * commands the reaction calls for. The events get envelopes as a store would give them (versions from 1, ids from a
 * fixed generator, the actor given), so a reaction that reads the envelope (its aggregate id, its actor) is tested as
 * it runs. Every {@code when} is reacted to twice: a reaction must be deterministic, since its commands' idempotency
 * keys come from the event and their place in the list.
 *
 * <pre>{@code
 * ReactionScenario.of(AuthorStats.REACTION).on(BLOG_POST, "post-1").as("alice")
 *     .given(new BlogPostCreated("Hi", "alice"))
 *     .when(new BlogPostPublished())
 *     .thenSends(Send.to(AUTHOR, CommandRequest.createOrUpdate("alice", "reaction:author-stats",
 *         new CountPublishedPost("post-1"))));
 * }</pre>
 */
public final class ReactionScenario {
    private final Reaction reaction;

    private ReactionScenario(Reaction reaction) {
        this.reaction = Objects.requireNonNull(reaction, "reaction");
    }

    public static ReactionScenario of(Reaction reaction) {
        return new ReactionScenario(reaction);
    }

    /** The source aggregate whose events the scenario delivers. */
    public <E> Source<E> on(AggregateType<E, ?> type, String aggregateId) {
        return new Source<>(type, aggregateId, "test-actor");
    }

    /** A source aggregate and the actor of its events. */
    public final class Source<E> {
        private final AggregateType<E, ?> type;
        private final String aggregateId;
        private final String actorId;

        private Source(AggregateType<E, ?> type, String aggregateId, String actorId) {
            this.type = Objects.requireNonNull(type, "type");
            this.aggregateId = Objects.requireNonNull(aggregateId, "aggregateId");
            this.actorId = Objects.requireNonNull(actorId, "actorId");
        }

        /** The actor of the events (default {@code "test-actor"}). */
        public Source<E> as(String actor) {
            return new Source<>(type, aggregateId, actor);
        }

        @SafeVarargs
        public final Given given(E... events) {
            return new Given(Arrays.asList(events));
        }

        /** No earlier events: {@code event} is the aggregate's first. */
        public When when(E event) {
            return given().when(event);
        }

        /** The history before the event under test; each is delivered to the reaction first. */
        public final class Given {
            private final List<E> history;

            private Given(List<E> history) {
                history.forEach(e -> Objects.requireNonNull(e, "a given event is null"));
                this.history = history;
            }

            public When when(E event) {
                EventIds ids = EventIds.fixed(Scenario.FIXED_TIME, 1);
                List<AggregateEvent<E>> envelopes = new ArrayList<>();
                long version = 0;
                for (E payload : history) {
                    envelopes.add(envelope(ids, ++version, payload));
                }
                AggregateEvent<E> last = envelope(ids, ++version, Objects.requireNonNull(event, "event"));
                envelopes.forEach(reaction::react); // delivered first, as a runner would: they must not throw
                return new When(last, history);
            }

            private AggregateEvent<E> envelope(EventIds ids, long version, E payload) {
                return new AggregateEvent<>(
                        ids.next(),
                        type.eventName(payload),
                        type.name(),
                        aggregateId,
                        version,
                        actorId,
                        payload,
                        EventMetadata.NONE);
            }
        }
    }

    /** The event is set; say what it must call for. */
    public final class When {
        private final AggregateEvent<?> event;
        private final List<?> history;

        private When(AggregateEvent<?> event, List<?> history) {
            this.event = event;
            this.history = history;
        }

        /** The event under test, with its envelope (for the key its commands get: name:eventId:index). */
        public AggregateEvent<?> event() {
            return event;
        }

        /** The reaction calls for exactly these commands, in this order, to these aggregate types. */
        public When thenSends(Send... expected) {
            List<Send> actual = react();
            List<String> want =
                    Arrays.stream(expected).map(ReactionScenario::describe).toList();
            List<String> got = actual.stream().map(ReactionScenario::describe).toList();
            if (!want.equals(got)) {
                Assertions.fail("%s%nexpected the commands%n%s%nbut the reaction called for%n%s"
                        .formatted(describe(), lines(want), lines(got)));
            }
            return this;
        }

        /** The reaction calls for these commands (the command objects only), in this order. */
        public When thenCommands(Object... expected) {
            List<Object> actual = react().stream()
                    .map(send -> (Object) send.request().command())
                    .toList();
            if (!Arrays.asList(expected).equals(actual)) {
                Assertions.fail("%s%nexpected the commands%n%s%nbut the reaction called for%n%s"
                        .formatted(
                                describe(),
                                lines(Arrays.stream(expected)
                                        .map(String::valueOf)
                                        .toList()),
                                lines(actual.stream().map(String::valueOf).toList())));
            }
            return this;
        }

        /** The reaction calls for no command. */
        public When thenNothing() {
            return thenSends();
        }

        /** The commands satisfy {@code check}. */
        public When thenSatisfies(Consumer<List<Send>> check) {
            check.accept(react());
            return this;
        }

        private List<Send> react() {
            List<Send> first = reaction.react(event);
            List<Send> again = reaction.react(event);
            if (!first.equals(again)) {
                Assertions.fail(("%s%nis not deterministic: reacting to the same event twice called for%n%s%nthen%n%s%n"
                                + "(its commands' idempotency keys come from the event and their place in the list, so the same "
                                + "event must call for the same commands)")
                        .formatted(
                                describe(),
                                lines(first.stream()
                                        .map(ReactionScenario::describe)
                                        .toList()),
                                lines(again.stream()
                                        .map(ReactionScenario::describe)
                                        .toList())));
            }
            return first;
        }

        private String describe() {
            return "reaction scenario on %s %s%ngiven %d event(s): %s%nwhen %s"
                    .formatted(event.aggregateName(), event.aggregateId(), history.size(), history, event.payload());
        }
    }

    private static String describe(Send send) {
        var r = send.request();
        return "%s %s %s as %s: %s%s"
                .formatted(
                        r.intent(),
                        send.target().name(),
                        r.aggregateId().orElse("(new id)"),
                        r.actorId(),
                        r.command(),
                        r.expectedVersion().isPresent()
                                ? " at version " + r.expectedVersion().getAsLong()
                                : "");
    }

    private static String lines(List<String> items) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            text.append("    [").append(i).append("] ").append(items.get(i)).append('\n');
        }
        return items.isEmpty() ? "    (no commands)" : text.toString().stripTrailing();
    }
}
