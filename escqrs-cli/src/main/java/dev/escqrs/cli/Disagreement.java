package dev.escqrs.cli;

/** How an aggregate's row and its events disagree, and whether a rewrite from the events can fix it. */
enum Disagreement {
    /** The row is at an earlier version than the last event: rewritten from the events. */
    ROW_BEHIND("row-behind", true),
    /** Events are stored and no row: written from the events. */
    ROW_MISSING("row-missing", true),
    /** Same version, but the row names another event as its last: rewritten from the events. */
    LAST_EVENT_DIFFERS("last-event-differs", true),
    /** Same version and last event, but the row's fields are not the fold of the events: rewritten from them. */
    STATE_DIFFERS("state-differs", true),
    /** The row cannot be read at all (no version): rewritten from the events. */
    ROW_UNREADABLE("row-unreadable", true),
    /** The row is at a later version than the last event: the events it was written with are not in the table. */
    ROW_AHEAD("row-ahead", false),
    /** A row and no event: nothing to rebuild it from. */
    NO_EVENTS("no-events", false),
    /** The events' versions are not 1..n: an event is missing in the middle, and no fold can pass it. */
    EVENTS_HAVE_GAP("events-gap", false),
    /** The events could not be folded (an event the decider or codec cannot read). */
    FOLD_FAILED("fold-failed", false);

    private final String label;
    private final boolean repairable;

    Disagreement(String label, boolean repairable) {
        this.label = label;
        this.repairable = repairable;
    }

    /** The short name printed in the list. */
    String label() {
        return label;
    }

    /** Whether rewriting the row from the events fixes it. */
    boolean repairable() {
        return repairable;
    }
}
