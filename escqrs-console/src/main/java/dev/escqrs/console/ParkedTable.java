package dev.escqrs.console;

import static dev.escqrs.console.Page.esc;

import dev.escqrs.core.projection.ParkedAggregate;
import java.util.List;
import java.util.Locale;

/**
 * A runner's parked aggregates on the overview: the oldest {@value OperatorConsole#MAX_LISTED}, each with its head
 * event, its error and its retry and skip forms, and a form to retry them all.
 */
final class ParkedTable {
    private ParkedTable() {}

    /** Appends the parked aggregates of the runner whose actions are under {@code action}. */
    static void append(StringBuilder html, Sessions.Session session, String action, List<ParkedAggregate> parked) {
        if (parked.isEmpty()) {
            html.append("<p class=\"none parked-empty\">Nothing parked.</p>\n");
        } else {
            html.append("<form class=\"inline\" method=\"post\" action=\"")
                    .append(action)
                    .append("/retry-all\">")
                    .append(Page.csrf(session))
                    .append("<button type=\"submit\" class=\"retry-all\">Retry all ")
                    .append(parked.size())
                    .append("</button></form>")
                    .append("<span class=\"muted\">the runner retries them a batch at a time</span>\n");
            html.append("<table class=\"parked\"><tr><th>Aggregate</th><th>Head event</th><th>JSON</th>"
                    + "<th>Waiting behind</th><th>Error</th><th>Attempts</th><th>Failed</th><th>Next</th>"
                    + "<th>Act</th></tr>\n");
            parked.stream().limit(OperatorConsole.MAX_LISTED).forEach(entry -> parkedRow(html, session, action, entry));
            html.append("</table>\n");
            if (parked.size() > OperatorConsole.MAX_LISTED) {
                html.append("<p class=\"muted\">The oldest ")
                        .append(OperatorConsole.MAX_LISTED)
                        .append(" of ")
                        .append(parked.size())
                        .append(" are listed.</p>\n");
            }
        }
    }

    private static void parkedRow(StringBuilder html, Sessions.Session session, String action, ParkedAggregate entry) {
        ParkedAggregate.ParkedEvent head = entry.head();
        html.append("<tr class=\"parked-aggregate\" data-aggregate-type=\"")
                .append(esc(entry.aggregateName()))
                .append("\" data-aggregate-id=\"")
                .append(esc(entry.aggregateId()))
                .append("\">");
        html.append("<td>")
                .append(esc(entry.aggregateName()))
                .append("<br><code>")
                .append(esc(entry.aggregateId()))
                .append("</code></td>");
        html.append("<td data-field=\"head\">version ")
                .append(head.version())
                .append("<br><b class=\"event-name\">")
                .append(esc(head.eventName().isEmpty() ? "(unreadable)" : head.eventName()))
                .append("</b><br><code>")
                .append(esc(head.eventId()))
                .append("</code></td>");
        html.append("<td><pre class=\"event-json\">").append(esc(head.json())).append("</pre></td>");
        html.append("<td>").append(entry.waiting()).append("</td>");
        html.append("<td class=\"error-cell\">")
                .append(esc(entry.error().category()))
                .append(" · <code>")
                .append(esc(entry.error().type()))
                .append("</code><br><span class=\"error-message\">")
                .append(esc(entry.error().message()))
                .append("</span></td>");
        html.append("<td>").append(entry.attempts()).append("</td>");
        html.append("<td>first ")
                .append(Page.time(entry.firstFailure()))
                .append("<br>last ")
                .append(Page.time(entry.lastFailure()))
                .append("</td>");
        html.append("<td>")
                .append(entry.request()
                        .map(r -> "asked: " + r.action().name().toLowerCase(Locale.ROOT) + " by " + esc(r.by()))
                        .orElseGet(() -> entry.nextAttempt()
                                .map(t -> "retried by itself at " + Page.time(t))
                                .orElse("waits for an operator")))
                .append("</td>");
        String hidden =
                Page.csrf(session) + "<input type=\"hidden\" name=\"type\" value=\"" + esc(entry.aggregateName())
                        + "\"><input type=\"hidden\" name=\"id\" value=\"" + esc(entry.aggregateId()) + "\">";
        html.append("<td><form class=\"inline\" method=\"post\" action=\"")
                .append(action)
                .append("/retry\">")
                .append(hidden)
                .append("<button type=\"submit\" class=\"retry\">Retry</button></form>")
                .append("<form class=\"inline\" method=\"post\" action=\"")
                .append(action)
                .append("/skip\">")
                .append(hidden)
                .append("<input name=\"reason\" placeholder=\"why skip the head event\" required ")
                .append("size=\"14\"> <button type=\"submit\" class=\"skip\">Skip head</button></form></td>");
        html.append("</tr>\n");
    }
}
