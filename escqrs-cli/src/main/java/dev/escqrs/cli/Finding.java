package dev.escqrs.cli;

import java.util.OptionalLong;

/**
 * One aggregate whose row disagrees with its events: which, the row's version and the last event's (absent when
 * there is no row or no event), how they disagree, and why in words.
 */
record Finding(
        String aggregateName,
        String aggregateId,
        OptionalLong rowVersion,
        OptionalLong lastEventVersion,
        Disagreement kind,
        String why) {
    /** One line: {@code TYPE ID row=N events=M KIND: why} ({@code -} for an absent version). */
    String line() {
        return "%s %s row=%s events=%s %s: %s"
                .formatted(aggregateName, aggregateId, text(rowVersion), text(lastEventVersion), kind.label(), why);
    }

    private static String text(OptionalLong version) {
        return version.isPresent() ? Long.toString(version.getAsLong()) : "-";
    }
}
