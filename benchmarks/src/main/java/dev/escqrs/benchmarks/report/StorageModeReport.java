package dev.escqrs.benchmarks.report;

import static dev.escqrs.benchmarks.report.Figures.units;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The storage modes' part of a run: escqrs's two-item and one-item mode beside the seed, by event and state size
 * (StorageModeCost's {@code storage-modes.json}, the seed's sizes.mjs's {@code seed-sizes.json}).
 */
final class StorageModeReport {
    private StorageModeReport() {}

    /**
     * The storage modes side by side with the seed, per size and operation (StorageModeCost and the seed's sizes.mjs:
     * the same payloads; escqrs on its default tables, the seed on its deployed ones).
     */
    static String section(JsonNode modes, JsonNode seedSizes) {
        StringBuilder md = new StringBuilder("\n## DynamoDB: one-item and two-item mode, by event and state size\n\n")
                .append(
                        "Sizes are the two-item items' (the event's item, the row). escqrs on its default tables (stream, ")
                .append(
                        "no index), the seed on its deployed ones (stream, event-name index ALL); capacity from the items' ")
                .append(
                        "sizes (a refused PutItem billed, a cancelled transaction not). Each cell: seed / two-item / one-item.\n\n")
                .append(
                        "| event / state | operation | WCU / RCU | requests | bytes stored per event | stream bytes |\n")
                .append("|---|---|---|---|---|---|\n");
        List<String> packed = new ArrayList<>();
        for (JsonNode size : modes.path("sizes")) {
            int eventBytes = size.path("eventBytes").asInt();
            int stateBytes = size.path("stateBytes").asInt();
            JsonNode seedOps = size(seedSizes, eventBytes, stateBytes).path("ops");
            String label = "%s / %s".formatted(bytes(eventBytes), bytes(stateBytes));
            size.path("twoItem").properties().forEach(op -> {
                if (!op.getValue().isObject()) {
                    return;
                }
                List<JsonNode> three = List.of(
                        seedOps.path(op.getKey()),
                        op.getValue(),
                        size.path("oneItem").path(op.getKey()));
                md.append("| %s | %s | %s | %s | %s | %s |\n"
                        .formatted(
                                label,
                                op.getKey(),
                                String.join(
                                        " · ",
                                        three.stream()
                                                .map(o -> units(o.path("wcu")) + " / " + units(o.path("rcu")))
                                                .toList()),
                                String.join(
                                        " / ",
                                        three.stream()
                                                .map(o -> o.path("requests").asText())
                                                .toList()),
                                String.join(
                                        " / ",
                                        three.stream()
                                                .map(o ->
                                                        o.path("eventsWritten").asLong() == 0
                                                                ? "-"
                                                                : Long.toString(Math.round(o.path("streamBytes")
                                                                                .asDouble()
                                                                        / o.path("eventsWritten")
                                                                                .asDouble())))
                                                .toList()),
                                String.join(
                                        " / ",
                                        three.stream()
                                                .map(o -> o.path("streamBytes").asText())
                                                .toList())));
            });
            packed.add(
                    "%s: %s WCU packed into one item (computed), %s WCU as one-item mode writes them (a transaction of two puts)"
                            .formatted(
                                    label,
                                    units(size.path("oneItem")
                                            .path("twoEventCommand")
                                            .path("packedWcuComputed")),
                                    units(size.path("oneItem")
                                            .path("twoEventCommand")
                                            .path("wcu"))));
            md.append("| %s | rows (bytes) | %s / %s / none | | | |\n"
                    .formatted(
                            label,
                            seedOps.path("rowBytes").asText(),
                            size.path("twoItem").path("rowBytes").asText()));
        }
        md.append("\nA two-event command in one-item mode:\n\n");
        packed.forEach(p -> md.append("- ").append(p).append('\n'));
        return md.toString();
    }

    /** The entry of {@code sizes} (a StorageModeCost or sizes.mjs output) for one event and state size. */
    static JsonNode size(JsonNode sizes, int eventBytes, int stateBytes) {
        for (JsonNode size : sizes.path("sizes")) {
            if (size.path("eventBytes").asInt() == eventBytes
                    && size.path("stateBytes").asInt() == stateBytes) {
                return size;
            }
        }
        throw new IllegalStateException(
                "no figures for a %d B event and a %d B state".formatted(eventBytes, stateBytes));
    }

    private static String bytes(int bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " B";
    }
}
