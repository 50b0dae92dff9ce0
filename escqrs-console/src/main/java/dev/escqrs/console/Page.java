package dev.escqrs.console;

import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.core.projection.ProjectionStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The console's HTML: plain forms, no script. Everything that comes from data is escaped ({@link #esc}). */
final class Page {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    static final String CSS = """
            body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
            h1 { font-size: 1.4em; margin: 0 0 .5em; } h2 { font-size: 1.15em; margin: 1.2em 0 .4em; }
            header { display: flex; justify-content: space-between; align-items: baseline; }
            table { border-collapse: collapse; margin: .4em 0; width: 100%; }
            th, td { border: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
            th { background: #f3f3f3; font-weight: 600; }
            table.status { width: auto; }
            pre { margin: 0; min-width: 12em; max-width: 30em; max-height: 12em; overflow: auto; white-space: pre-wrap;
                  word-break: break-all; background: #fafafa; }
            .runner { border: 1px solid #bbb; border-radius: 4px; padding: .2em 1em 1em; margin: 1em 0; }
            .where { font-weight: normal; color: #666; font-size: .85em; }
            .flash { padding: .5em 1em; border-radius: 4px; }
            .ok { background: #e6f4e6; border: 1px solid #8c8; } .error { background: #fbe9e9; border: 1px solid #d88; }
            .parked-count { font-weight: 600; color: #a40; } .none { color: #080; }
            form.inline { display: inline-block; margin: .2em .6em .2em 0; }
            .muted { color: #666; font-size: .9em; }
            textarea { width: 100%; max-width: 50em; font-family: monospace; }
            """;

    private Page() {}

    static String login(Optional<String> problem) {
        return document("escqrs console: log in", """
                <h1>escqrs operator console</h1>
                %s
                <form method="post" action="/login" id="login">
                  <p><label for="token">An operator's bearer token (a JWT with the operator role):</label></p>
                  <p><textarea id="token" name="token" rows="5" autocomplete="off" required></textarea></p>
                  <p><button type="submit" id="log-in">Log in</button></p>
                </form>
                <p class="muted">The token is kept in an HttpOnly, SameSite=Strict cookie of this site until the browser
                closes or you log out; it is checked again on every request.</p>
                """.formatted(
                        problem.map(p -> "<p class=\"flash error\" id=\"problem\">" + esc(p) + "</p>")
                                .orElse("")));
    }

    static String refusal(int status, String message) {
        return document("escqrs console: " + status, """
                <h1>escqrs operator console</h1>
                <p class="flash error" id="problem">%d: %s</p>
                <p><a href="/">Back to the console</a> · <a href="/login">Log in as someone else</a></p>
                """.formatted(status, esc(message)));
    }

    static String overview(
            Sessions.Session session, List<RunnerView> runners, Optional<Flash.Message> flash, Instant now) {
        StringBuilder html = new StringBuilder();
        html.append("""
                <header><h1>escqrs operator console</h1>
                <div>%s · <a href="/">Refresh</a>
                <form class="inline" method="post" action="/logout">%s<button type="submit">Log out</button></form>
                </div></header>
                """.formatted(esc(session.operator()), csrf(session)));
        flash.ifPresent(f -> html.append("<p class=\"flash ")
                .append(f.ok() ? "ok" : "error")
                .append("\" id=\"flash\">")
                .append(esc(f.text()))
                .append("</p>\n"));
        html.append("<p class=\"muted\">As of ")
                .append(TIME.format(now))
                .append(". Runners: ")
                .append(runners.size())
                .append("; parked aggregates: ")
                .append(runners.stream().mapToInt(r -> parkedCount(r)).sum())
                .append(".</p>\n");
        if (runners.isEmpty()) {
            html.append("<p>No runners were given to this console.</p>\n");
        }
        for (RunnerView runner : runners) {
            runner(html, session, runner);
        }
        return document("escqrs console", html.toString());
    }

    private static int parkedCount(RunnerView runner) {
        return runner.status()
                .map(ProjectionStatus::parked)
                .orElse(runner.parked().size());
    }

    private static void runner(StringBuilder html, Sessions.Session session, RunnerView runner) {
        String name = runner.name();
        String action = "/runners/" + urlPath(name);
        html.append("<section class=\"runner\" id=\"runner-")
                .append(anchor(name))
                .append("\" data-runner=\"")
                .append(esc(name))
                .append("\">\n<h2>")
                .append(esc(name))
                .append(" <span class=\"where\">")
                .append(
                        switch (runner.where()) {
                            case HERE -> "runs in this process";
                            case STOPPED -> "not running in this process now: shown from its parking";
                            case ELSEWHERE ->
                                "runs elsewhere: shown from its parking; retry and skip are carried out at its "
                                        + "next batch";
                        })
                .append("</span></h2>\n");
        int parked = parkedCount(runner);
        html.append("<table class=\"status\"><tr><th>Phase</th><th>Checkpoint</th><th>Lag</th><th>Heals</th>"
                + "<th>Failures</th><th>Parked</th><th>Last failure</th></tr>\n<tr>");
        if (runner.status().isPresent()) {
            ProjectionStatus s = runner.status().get();
            cell(html, "phase", s.phase().name());
            cell(
                    html,
                    "checkpoint",
                    runner.checkpoint()
                            .map(c -> c.isStart() ? "(start)" : c.value())
                            .orElse("(backfilling)"));
            cell(html, "lag", duration(s.lag()));
            cell(html, "heals", Long.toString(s.heals()));
            cell(html, "failures", Long.toString(s.failures()));
        } else {
            for (String field : List.of("phase", "checkpoint", "lag", "heals", "failures")) {
                cell(html, field, "–");
            }
        }
        html.append("<td data-field=\"parked\" class=\"")
                .append(parked == 0 ? "none" : "parked-count")
                .append("\">")
                .append(parked)
                .append("</td>");
        cell(
                html,
                "last-failure",
                runner.status()
                        .flatMap(ProjectionStatus::lastFailure)
                        .map(e -> e.getClass().getSimpleName() + ": " + e.getMessage())
                        .orElse("–"));
        html.append("</tr></table>\n");

        if (runner.where() == RunnerView.Where.HERE) {
            html.append("<div>");
            html.append("<form class=\"inline\" method=\"post\" action=\"")
                    .append(action)
                    .append("/replay\">")
                    .append(csrf(session))
                    .append("<label>Replay from the start; type <code>")
                    .append(esc(name))
                    .append("</code> to confirm: <input name=\"confirm\" size=\"16\" autocomplete=\"off\"></label> ")
                    .append("<button type=\"submit\" class=\"replay\">Replay</button></form>");
            html.append("<form class=\"inline\" method=\"post\" action=\"")
                    .append(action)
                    .append("/checkpoint\">")
                    .append(csrf(session))
                    .append("<label>Set the checkpoint (empty: the start): <input name=\"checkpoint\" size=\"24\" ")
                    .append(
                            "autocomplete=\"off\"></label> <button type=\"submit\" class=\"set-checkpoint\">Set</button>")
                    .append("</form>");
            html.append("</div>\n");
        }

        if (runner.parked().isEmpty()) {
            html.append("<p class=\"none parked-empty\">Nothing parked.</p>\n");
        } else {
            html.append("<form class=\"inline\" method=\"post\" action=\"")
                    .append(action)
                    .append("/retry-all\">")
                    .append(csrf(session))
                    .append("<button type=\"submit\" class=\"retry-all\">Retry all ")
                    .append(runner.parked().size())
                    .append("</button></form>")
                    .append("<span class=\"muted\">the runner retries them a batch at a time</span>\n");
            html.append("<table class=\"parked\"><tr><th>Aggregate</th><th>Head event</th><th>JSON</th>"
                    + "<th>Waiting behind</th><th>Error</th><th>Attempts</th><th>Failed</th><th>Next</th>"
                    + "<th>Act</th></tr>\n");
            runner.parked().stream()
                    .limit(OperatorConsole.MAX_LISTED)
                    .forEach(entry -> parkedRow(html, session, action, entry));
            html.append("</table>\n");
            if (runner.parked().size() > OperatorConsole.MAX_LISTED) {
                html.append("<p class=\"muted\">The oldest ")
                        .append(OperatorConsole.MAX_LISTED)
                        .append(" of ")
                        .append(runner.parked().size())
                        .append(" are listed.</p>\n");
            }
        }
        html.append("</section>\n");
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
                .append(TIME.format(entry.firstFailure()))
                .append("<br>last ")
                .append(TIME.format(entry.lastFailure()))
                .append("</td>");
        html.append("<td>")
                .append(entry.request()
                        .map(r ->
                                "asked: " + r.action().name().toLowerCase(java.util.Locale.ROOT) + " by " + esc(r.by()))
                        .orElseGet(() -> entry.nextAttempt()
                                .map(t -> "retried by itself at " + TIME.format(t))
                                .orElse("waits for an operator")))
                .append("</td>");
        String hidden = csrf(session) + "<input type=\"hidden\" name=\"type\" value=\"" + esc(entry.aggregateName())
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

    private static void cell(StringBuilder html, String field, String text) {
        html.append("<td data-field=\"")
                .append(field)
                .append("\">")
                .append(esc(text))
                .append("</td>");
    }

    private static String csrf(Sessions.Session session) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(session.formToken()) + "\">";
    }

    private static String document(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <link rel="stylesheet" href="/console.css"></head>
                <body>
                %s</body></html>
                """.formatted(esc(title), body);
    }

    private static String duration(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + " ms";
        }
        if (d.compareTo(Duration.ofMinutes(2)) < 0) {
            return "%.1f s".formatted(d.toMillis() / 1000.0);
        }
        return d.truncatedTo(ChronoUnit.SECONDS).toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    /** A runner's name as an HTML id: letters, digits, '-' and '_' kept, the rest as '_'. */
    static String anchor(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static String urlPath(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    /** Escapes text for HTML content and quoted attribute values. */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
