package dev.escqrs.console;

import static dev.escqrs.console.Page.esc;

import dev.escqrs.core.projection.ProjectionStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The overview page: the operator, the outcome of the last action, and a section per runner with its status, the
 * actions on it, and what it parked ({@link ParkedTable}).
 */
final class OverviewPage {
    private OverviewPage() {}

    static String html(Sessions.Session session, List<RunnerView> runners, Optional<Flash.Message> flash, Instant now) {
        StringBuilder html = new StringBuilder();
        html.append("""
                <header><h1>escqrs operator console</h1>
                <div>%s · <a href="/">Refresh</a>
                <form class="inline" method="post" action="/logout">%s<button type="submit">Log out</button></form>
                </div></header>
                """.formatted(esc(session.operator()), Page.csrf(session)));
        flash.ifPresent(f -> html.append("<p class=\"flash ")
                .append(f.ok() ? "ok" : "error")
                .append("\" id=\"flash\">")
                .append(esc(f.text()))
                .append("</p>\n"));
        html.append("<p class=\"muted\">As of ")
                .append(Page.time(now))
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
        return Page.document("escqrs console", html.toString());
    }

    private static int parkedCount(RunnerView runner) {
        return runner.status()
                .map(ProjectionStatus::parked)
                .orElse(runner.parked().size());
    }

    private static void runner(StringBuilder html, Sessions.Session session, RunnerView runner) {
        String name = runner.name();
        String action = "/runners/" + Page.urlPath(name);
        html.append("<section class=\"runner\" id=\"runner-")
                .append(Page.anchor(name))
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
                    .append(Page.csrf(session))
                    .append("<label>Replay from the start; type <code>")
                    .append(esc(name))
                    .append("</code> to confirm: <input name=\"confirm\" size=\"16\" autocomplete=\"off\"></label> ")
                    .append("<button type=\"submit\" class=\"replay\">Replay</button></form>");
            html.append("<form class=\"inline\" method=\"post\" action=\"")
                    .append(action)
                    .append("/checkpoint\">")
                    .append(Page.csrf(session))
                    .append("<label>Set the checkpoint (empty: the start): <input name=\"checkpoint\" size=\"24\" ")
                    .append(
                            "autocomplete=\"off\"></label> <button type=\"submit\" class=\"set-checkpoint\">Set</button>")
                    .append("</form>");
            html.append("</div>\n");
        }

        ParkedTable.append(html, session, action, runner.parked());
        html.append("</section>\n");
    }

    private static void cell(StringBuilder html, String field, String text) {
        html.append("<td data-field=\"")
                .append(field)
                .append("\">")
                .append(esc(text))
                .append("</td>");
    }

    private static String duration(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + " ms";
        }
        if (d.compareTo(Duration.ofMinutes(2)) < 0) {
            return "%.1f s".formatted(d.toMillis() / 1000.0);
        }
        return d.truncatedTo(ChronoUnit.SECONDS).toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
