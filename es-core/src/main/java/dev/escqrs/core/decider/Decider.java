package dev.escqrs.core.decider;

import java.util.List;

/**
 * An aggregate's behaviour as three pure functions, as in fmodel, Emmett and Equinox.
 *
 * <ul>
 *   <li>{@link #decide}: what happens when {@code command} meets {@code state}. Several events are a list; a command
 *       that changes nothing (already done, or a no-op) returns an empty list, and nothing is appended, except that a
 *       command creating the aggregate must decide at least one event (an aggregate exists only through its events;
 *       the same rule pure and on every store); a command the rules refuse throws a
 *       {@link dev.escqrs.core.error.DomainException}.</li>
 *   <li>{@link #evolve}: the state after one event. Total: every stored event must apply.</li>
 *   <li>{@link #initialState}: the state before the first event.</li>
 * </ul>
 * No I/O, no clock, no random inside: ids and time come from the kernel or the command. Write {@code decide} and
 * {@code evolve} as exhaustive {@code switch}es over sealed interfaces, with no {@code default}, so a new command or
 * event that is not handled does not compile.
 *
 * @param <C> commands
 * @param <E> events (payloads)
 * @param <S> state
 */
public interface Decider<C, E, S> {
    S initialState();

    List<E> decide(C command, S state);

    S evolve(S state, E event);
}
