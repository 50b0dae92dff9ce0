package dev.escqrs.testkit.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.event.AggregateEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.Condition;

/**
 * The then-part of a scenario: what the command must have produced. Every method fails with a message that shows the
 * given events, the command, and the expected and actual events one per line with the first difference marked.
 *
 * @param <E> event payloads
 * @param <S> state
 */
public final class Then<E, S> {
    private final String description;
    private final RunResult<E, S> outcome;
    private final Optional<Supplier<RunResult<E, S>>> idempotencyRerun;
    private final Optional<Supplier<RunResult<E, S>>> repeat;

    Then(
            String description,
            RunResult<E, S> outcome,
            Optional<Supplier<RunResult<E, S>>> idempotencyRerun,
            Optional<Supplier<RunResult<E, S>>> repeat) {
        this.description = description;
        this.outcome = outcome;
        this.idempotencyRerun = idempotencyRerun;
        this.repeat = repeat;
    }

    /** The command produced exactly these events, in this order. */
    @SafeVarargs
    public final Then<E, S> then(E... expected) {
        return thenEvents(Arrays.asList(expected));
    }

    /**
     * The command produced exactly these events, in this order. Events compare as stores return them: decimals by
     * value ({@code 0.50} is {@code 0.5}), the same pure, in memory and on DynamoDB.
     */
    public Then<E, S> thenEvents(List<E> expected) {
        List<E> actual = events();
        if (EventListDiff.firstDifference(expected, actual) != -1) {
            Assertions.fail(EventListDiff.describe(description, expected, actual));
        }
        checkIdempotency();
        return this;
    }

    /** The command produced no events (a no-op). */
    public Then<E, S> thenNothing() {
        return thenEvents(List.of());
    }

    /** The command was refused with {@code type} and a message containing {@code messagePart}. */
    public Then<E, S> thenThrows(Class<? extends Throwable> type, String messagePart) {
        Throwable error = outcome.error().orElseGet(() -> {
            Assertions.fail("%s%nexpected it to throw %s (\"...%s...\"), but it produced:%n%s"
                    .formatted(description, type.getSimpleName(), messagePart, lines(outcome.events())));
            return null;
        });
        assertThat(error).as(description).isInstanceOf(type).hasMessageContaining(messagePart);
        return this;
    }

    /** The command was refused with {@code type}, whatever its message. */
    public Then<E, S> thenThrows(Class<? extends Throwable> type) {
        Throwable error = outcome.error().orElseGet(() -> {
            Assertions.fail("%s%nexpected it to throw %s, but it produced:%n%s"
                    .formatted(description, type.getSimpleName(), lines(outcome.events())));
            return null;
        });
        assertThat(error).as(description).isInstanceOf(type);
        return this;
    }

    /** One predicate per produced event, in order: exactly as many events, each matching its predicate. */
    @SafeVarargs
    public final Then<E, S> thenEventsMatch(Predicate<? super E>... each) {
        List<E> actual = eventsCounting(each.length);
        for (int i = 0; i < each.length; i++) {
            if (!each[i].test(actual.get(i))) {
                Assertions.fail(
                        "%s%nevent [%d] does not match its predicate:%n%s".formatted(description, i, lines(actual)));
            }
        }
        checkIdempotency();
        return this;
    }

    /** One AssertJ condition per produced event, in order: exactly as many events, each meeting its condition. */
    @SafeVarargs
    public final Then<E, S> thenEventsAre(Condition<? super E>... each) {
        List<E> actual = eventsCounting(each.length);
        for (int i = 0; i < each.length; i++) {
            assertThat(actual.get(i)).as("%s%nevent [%d]", description, i).is(each[i]);
        }
        checkIdempotency();
        return this;
    }

    /**
     * The produced events' envelopes satisfy {@code check}: ids, event names, versions (the first after the given
     * events), actor, metadata and time ({@code occurredAt}, from the scenario's clock). The same pure and on stores.
     */
    public Then<E, S> thenEnvelopes(Consumer<List<AggregateEvent<E>>> check) {
        events();
        check.accept(outcome.envelopes());
        checkIdempotency();
        return this;
    }

    /** The produced events satisfy {@code check} (AssertJ assertions inside). */
    public Then<E, S> thenSatisfies(Consumer<List<E>> check) {
        check.accept(events());
        checkIdempotency();
        return this;
    }

    /** The state after the given and the produced events satisfies {@code check}. */
    public Then<E, S> thenState(Consumer<S> check) {
        events();
        check.accept(outcome.state().orElseThrow());
        return this;
    }

    /** The state after the given and the produced events is {@code expected}, compared as stores return it. */
    public Then<E, S> thenStateIs(S expected) {
        events();
        S actual = outcome.state().orElseThrow();
        if (!StoredForms.same(expected, actual)) {
            Assertions.fail(
                    "%s%nexpected the state%n    %s%nbut it is%n    %s".formatted(description, expected, actual));
        }
        return this;
    }

    /** The produced events, failing unless there are exactly {@code expected} of them. */
    private List<E> eventsCounting(int expected) {
        List<E> actual = events();
        if (actual.size() != expected) {
            Assertions.fail("%s%nexpected %d event(s), but it produced %d:%n%s"
                    .formatted(description, expected, actual.size(), lines(actual)));
        }
        return actual;
    }

    private List<E> events() {
        outcome.error().ifPresent(error -> {
            throw new AssertionError(
                    "%s%nexpected events, but the command threw %s: %s"
                            .formatted(description, error.getClass().getSimpleName(), error.getMessage()),
                    error);
        });
        return outcome.events();
    }

    private void checkIdempotency() {
        repeat.ifPresent(again -> checkRepeat(again.get()));
        idempotencyRerun.ifPresent(rerun -> {
            RunResult<E, S> again = rerun.get();
            again.error().ifPresent(error -> {
                throw new AssertionError(
                        "%s%nis not idempotent: run again on the given and produced events it threw %s: %s"
                                .formatted(description, error.getClass().getSimpleName(), error.getMessage()),
                        error);
            });
            if (!again.events().isEmpty()) {
                Assertions.fail("%s%nis not idempotent: run again on the given and produced events it produced:%n%s"
                        .formatted(description, lines(again.events())));
            }
        });
    }

    /** The repeat of the keyed request got the first outcome: the same envelopes (ids, versions) and state. */
    private void checkRepeat(RunResult<E, S> again) {
        again.error().ifPresent(error -> {
            throw new AssertionError(
                    "%s%nsent again with the same idempotency key, it threw %s: %s"
                            .formatted(description, error.getClass().getSimpleName(), error.getMessage()),
                    error);
        });
        if (!again.envelopes().equals(outcome.envelopes())) {
            Assertions.fail("%s%nsent again with the same idempotency key, it answered other events:%n%s"
                    .formatted(
                            description,
                            EventListDiff.describe("", outcome.events(), again.events())
                                    + "\n(or the same payloads in other envelopes: " + again.envelopes() + ")"));
        }
        if (!StoredForms.same(outcome.state().orElseThrow(), again.state().orElseThrow())) {
            Assertions.fail("%s%nsent again with the same idempotency key, it answered the state%n    %s%nnot%n    %s"
                    .formatted(
                            description,
                            again.state().orElseThrow(),
                            outcome.state().orElseThrow()));
        }
    }

    private static String lines(List<?> events) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            text.append("    [").append(i).append("] ").append(events.get(i)).append('\n');
        }
        return events.isEmpty() ? "    (no events)\n" : text.toString();
    }
}
