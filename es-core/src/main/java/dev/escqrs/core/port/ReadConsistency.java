package dev.escqrs.core.port;

/**
 * How fresh a history read must be. {@link #STRONG} sees every append that completed before the call; it is what
 * commands, rebuilds and gap filling use, always. {@link #EVENTUAL} may miss the newest appends for a moment (on
 * DynamoDB typically under a second) and costs half the read capacity: for history pages shown to people, exports,
 * audits. The in-memory store is always strong.
 */
public enum ReadConsistency {
    STRONG,
    EVENTUAL
}
