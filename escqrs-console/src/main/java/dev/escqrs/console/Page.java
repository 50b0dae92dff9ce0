package dev.escqrs.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The console's HTML: plain forms, no script. Everything that comes from data is escaped ({@link #esc}). This is the
 * frame every page shares, its stylesheet, the login and refusal pages, and the pieces the others are built of; the
 * overview is {@link OverviewPage}.
 */
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

    /** A hidden field with the session's form token, for every form that changes state. */
    static String csrf(Sessions.Session session) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(session.formToken()) + "\">";
    }

    /** A whole page: {@code body} with the title and the stylesheet. */
    static String document(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <link rel="stylesheet" href="/console.css"></head>
                <body>
                %s</body></html>
                """.formatted(esc(title), body);
    }

    /** An instant as the page shows it: to the second, in UTC. */
    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** A runner's name as an HTML id: letters, digits, '-' and '_' kept, the rest as '_'. */
    static String anchor(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** A runner's name as one segment of a URL path. */
    static String urlPath(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
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
