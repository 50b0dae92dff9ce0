package dev.escqrs.testkit.scenario;

import java.util.List;

/** Renders expected and actual events one per line, marking the first difference, for failure messages. */
final class EventListDiff {
    private EventListDiff() {}

    /** The index of the first difference, or -1 when the lists are equal. */
    static int firstDifference(List<?> expected, List<?> actual) {
        int common = Math.min(expected.size(), actual.size());
        for (int i = 0; i < common; i++) {
            if (!StoredForms.same(expected.get(i), actual.get(i))) {
                return i;
            }
        }
        return expected.size() == actual.size() ? -1 : common;
    }

    static String describe(String heading, List<?> expected, List<?> actual) {
        int diff = firstDifference(expected, actual);
        StringBuilder text = new StringBuilder(heading).append('\n');
        text.append("first difference at index ").append(diff).append('\n');
        text.append("expected ").append(expected.size()).append(" event(s):\n");
        lines(text, expected, diff);
        text.append("actual ").append(actual.size()).append(" event(s):\n");
        lines(text, actual, diff);
        return text.toString();
    }

    private static void lines(StringBuilder text, List<?> events, int diff) {
        if (events.isEmpty()) {
            text.append("    (none)\n");
        }
        for (int i = 0; i < events.size(); i++) {
            text.append(i == diff ? "  > " : "    ")
                    .append('[')
                    .append(i)
                    .append("] ")
                    .append(events.get(i))
                    .append('\n');
        }
    }
}
