package dev.escqrs.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.StreamSupport;

/**
 * The change-feed index's part of a scripts/bench run (ChangeFeedIndexCost's {@code index.json}): a Markdown section,
 * and the headline lines, whose last three are always these, in this order:
 * <pre>
 * read-model catch-up after a lost position, index / full scan: R
 * in-memory read model restart time, snapshot + index / full rebuild: R
 * index WCU per event: N</pre>
 * Times are medians over the rounds; the index's WCU per event is that of the indexer's batch of the new 1% (one poll
 * of the Stream).
 */
final class IndexReport {
    /** The phases in the order the section lists them, with what each one is. */
    private static final List<String[]> PHASES = List.of(
            new String[] {"indexCatchUp", "durable read model 1% behind, from its index position"},
            new String[] {"scanHeal", "the same on the Stream, its position lost: heals by the Scan"},
            new String[] {"snapshotRestart", "in memory, restarted: snapshot + index after it"},
            new String[] {"scanRebuild", "in memory, restarted without a snapshot: the Scan (also the rebuild from 0)"},
            new String[] {"indexRebuild", "in memory, rebuilt from the index's position 0 (catchUpFromFeed)"});

    private IndexReport() {}

    static String section(JsonNode index) {
        JsonNode history = index.path("history");
        StringBuilder md = new StringBuilder(
                        "\n## The change-feed index against the Scan (%,d events over %,d posts, %,d of them new; medians of %d rounds)\n\n"
                                .formatted(
                                        history.path("events").asLong(),
                                        history.path("aggregates").asLong(),
                                        history.path("newEvents").asLong(),
                                        index.path("rounds").asInt()))
                .append(
                        "Each phase from the runner's start until its read model holds the last event. Requests as counted ")
                .append("in round 1 (the other rounds' totals follow); RCU computed from the items' sizes.\n\n")
                .append(
                        "| phase | what | median (ms) | each round (ms) | requests | by operation | ms per request | RCU | bytes received | applied / repeats |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (String[] phase : PHASES) {
            List<JsonNode> rounds = rounds(index, phase[0]);
            JsonNode first = rounds.getFirst();
            md.append("| %s | %s | %,.0f | %s | %s | %s | %,.0f | %s | %,d | %,d / %,d |\n"
                    .formatted(
                            phase[0],
                            phase[1],
                            millis(index, phase[0]),
                            String.join(
                                    ", ",
                                    rounds.stream()
                                            .map(r -> "%,.0f"
                                                    .formatted(r.path("ms").asDouble()))
                                            .toList()),
                            String.join(
                                    ", ",
                                    rounds.stream()
                                            .map(r -> "%,d"
                                                    .formatted(
                                                            r.path("requests").asLong()))
                                            .toList()),
                            operations(first.path("byOperation")),
                            millis(index, phase[0]) / first.path("requests").asDouble(),
                            Figures.units(first.path("rcu").asDouble()),
                            first.path("responseBytes").asLong(),
                            first.path("applied").asLong(),
                            first.path("repeats").asLong()));
        }
        md.append("\n| ratio of medians | |\n|---|---|\n");
        md.append("| catch-up after a lost position, index / full scan | %s |\n".formatted(ratio(catchUp(index))));
        md.append("| in-memory restart, snapshot + index / full rebuild | %s |\n".formatted(ratio(restart(index))));
        md.append("| rebuild from position 0, index / Scan | %s (%s) |\n"
                .formatted(ratio(rebuild(index)), rebuild(index) < 1 ? "the index wins" : "the Scan wins"));

        md.append("\n## The index's writes, by the size of the indexer's batch\n\n")
                .append(
                        "Chunk items as DynamoDB sizes them, billed 1 WCU per started KB (a standard write); the last WCU ")
                .append(
                        "column adds every other write of the same calls (the indexer's Stream position, saved after each ")
                .append("poll that moved it).\n\n")
                .append(
                        "| batch | events | chunk items | chunk bytes | chunk WCU | chunk WCU per event | requests | by operation | all WCU per event |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        JsonNode backfill = index.path("indexBackfill");
        md.append(writeRow("backfill() (the index's build)", backfill));
        for (JsonNode batch : index.path("batches")) {
            md.append(writeRow("one poll of the Stream", batch));
        }
        JsonNode repeats = index.path("indexStreamRepeats");
        md.append("\nThe indexer's Stream read after its backfill (%,d repeats dropped): %,.0f ms, %d requests (%s).\n"
                .formatted(
                        repeats.path("repeats").asLong(),
                        repeats.path("ms").asDouble(),
                        repeats.path("requests").asLong(),
                        operations(repeats.path("byOperation"))));
        JsonNode query = index.path("motoQuery");
        md.append(
                "One consistent Query of one post's %d events, mean of %d: %,.1f ms on the %,d-event table, %,.1f ms on a table of that post alone.\n"
                        .formatted(
                                query.path("eventsPerQuery").asInt(),
                                query.path("queries").asInt(),
                                query.path("eventsTableMs").asDouble(),
                                history.path("events").asLong(),
                                query.path("onePostTableMs").asDouble()));
        md.append("The snapshot: %,d bytes at %s. Mean event item: %.0f bytes.\n"
                .formatted(
                        index.path("snapshot").path("bytes").asLong(),
                        index.path("snapshot").path("position").asText(),
                        history.path("meanEventItemBytes").asDouble()));
        return md.toString();
    }

    /** The closing lines: the rebuild's ratio, then the three that end every run that measured the index. */
    static List<String> headlines(JsonNode index) {
        List<String> lines = new ArrayList<>();
        lines.add("read-model rebuild from position 0, index / Scan: " + ratio(rebuild(index)));
        lines.add("read-model catch-up after a lost position, index / full scan: " + ratio(catchUp(index)));
        lines.add("in-memory read model restart time, snapshot + index / full rebuild: " + ratio(restart(index)));
        lines.add("index WCU per event: "
                + String.format(
                        Locale.ROOT, "%.3f", wcuPerEvent(index.path("batches").get(0))));
        return lines;
    }

    private static double catchUp(JsonNode index) {
        return millis(index, "indexCatchUp") / millis(index, "scanHeal");
    }

    private static double restart(JsonNode index) {
        return millis(index, "snapshotRestart") / millis(index, "scanRebuild");
    }

    private static double rebuild(JsonNode index) {
        return millis(index, "indexRebuild") / millis(index, "scanRebuild");
    }

    private static String writeRow(String what, JsonNode run) {
        JsonNode chunks = run.path("chunks");
        long events = chunks.path("entries").asLong();
        return "| %s | %,d | %d | %,d | %d | %.3f | %d | %s | %.3f |\n"
                .formatted(
                        what,
                        events,
                        chunks.path("items").asLong(),
                        chunks.path("bytes").asLong(),
                        chunks.path("wcu").asLong(),
                        wcuPerEvent(run),
                        run.path("requests").asLong(),
                        operations(run.path("byOperation")),
                        run.path("wcu").asDouble() / events);
    }

    private static double wcuPerEvent(JsonNode run) {
        return run.path("chunks").path("wcu").asDouble()
                / run.path("chunks").path("entries").asDouble();
    }

    private static double millis(JsonNode index, String phase) {
        return Figures.median(
                rounds(index, phase).stream().mapToDouble(r -> r.path("ms").asDouble()));
    }

    private static List<JsonNode> rounds(JsonNode index, String phase) {
        JsonNode rounds = index.path("phases").path(phase);
        if (!rounds.isArray() || rounds.isEmpty()) {
            throw new IllegalStateException("index.json has no rounds of " + phase);
        }
        return StreamSupport.stream(rounds.spliterator(), false).toList();
    }

    private static String operations(JsonNode byOperation) {
        List<String> parts = new ArrayList<>();
        byOperation.properties().forEach(op -> parts.add(op.getValue().asLong() + " " + op.getKey()));
        return String.join(", ", parts);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
