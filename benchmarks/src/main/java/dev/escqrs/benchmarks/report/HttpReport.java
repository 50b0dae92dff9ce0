package dev.escqrs.benchmarks.report;

import static dev.escqrs.benchmarks.report.Figures.JSON;
import static dev.escqrs.benchmarks.report.Figures.median;
import static dev.escqrs.benchmarks.report.Figures.num;
import static dev.escqrs.benchmarks.report.Figures.runs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The example service's part of a run, measured over HTTP: its load (ServiceLoad's {@code service-memory.json} and
 * {@code service-moto.json}) and its start-up (StartupProbe's {@code startup-plain-N.json} and
 * {@code startup-aot-N.json}).
 */
final class HttpReport {
    private HttpReport() {}

    /** The example service over HTTP: requests/s, p50 and p99 per operation, in memory and on moto. */
    static String serviceSection(Path dir) throws IOException {
        StringBuilder md = new StringBuilder();
        for (String store : List.of("memory", "moto")) {
            Path file = dir.resolve("service-" + store + ".json");
            if (!Files.exists(file)) {
                continue;
            }
            JsonNode run = JSON.readTree(Files.readString(file));
            if (md.isEmpty()) {
                md.append("\n## The example service over HTTP (%d clients, %d s per operation)\n\n"
                        .formatted(
                                run.path("clients").asInt(), run.path("seconds").asInt()));
                md.append("| store | operation | requests/s | p50 (ms) | p99 (ms) |\n|---|---|---|---|---|\n");
            }
            run.path("ops")
                    .properties()
                    .forEach(op -> md.append("| %s | %s | %s | %.2f | %.2f |\n"
                            .formatted(
                                    store,
                                    op.getKey(),
                                    num(op.getValue().path("rps").asDouble()),
                                    op.getValue().path("p50Ms").asDouble(),
                                    op.getValue().path("p99Ms").asDouble())));
        }
        return md.toString();
    }

    /** The start-up without and with the AOT cache: medians of the time to listening and of the first commands. */
    static String startupTable(Path dir) throws IOException {
        StringBuilder md = new StringBuilder(
                "| | JVM start to listening (ms) | first 100 creates (ms) | next 100 creates (ms) |\n|---|---|---|---|\n");
        for (String kind : List.of("plain", "aot")) {
            List<JsonNode> runs = runs(dir, "startup-" + kind + "-");
            md.append("| %s | %.0f | %.0f | %.0f |\n"
                    .formatted(
                            kind.equals("aot") ? "with the AOT cache" : "without",
                            median(runs.stream()
                                    .mapToDouble(r -> r.path("startMs").asDouble())),
                            median(runs.stream()
                                    .mapToDouble(r -> r.path("first100Ms").asDouble())),
                            median(runs.stream()
                                    .mapToDouble(r -> r.path("next100Ms").asDouble()))));
        }
        return md.toString();
    }
}
