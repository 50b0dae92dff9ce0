package dev.escqrs.benchmarks.report;

import static dev.escqrs.benchmarks.report.Figures.JSON;
import static dev.escqrs.benchmarks.report.Figures.num;
import static dev.escqrs.benchmarks.report.Figures.ratio;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-memory part of a run, JMH's JSON ({@code jmh-command.json}, {@code jmh-reduce.json}): command throughput
 * against Axon, the reduce, the benchmarks whose iterations disagree, the chart and the throughput ratios.
 */
final class JmhReport {
    /** A benchmark whose iterations spread wider than this (max - min, over their mean) is reported as unsteady. */
    static final int SPREAD_WARNING_PERCENT = 20;

    private final JsonNode command;
    private final JsonNode reduce;
    /** Score and error by framework, then by history. */
    private final Map<String, TreeMap<Integer, double[]>> throughput = new TreeMap<>();

    private JmhReport(JsonNode command, JsonNode reduce) {
        this.command = command;
        this.reduce = reduce;
        for (JsonNode run : command) {
            String framework = run.path("params").path("framework").asText();
            int history = run.path("params").path("history").asInt();
            JsonNode metric = run.path("primaryMetric");
            throughput.computeIfAbsent(framework, f -> new TreeMap<>()).put(history, new double[] {
                metric.path("score").asDouble(), metric.path("scoreError").asDouble()
            });
        }
    }

    static JmhReport read(Path dir) throws IOException {
        JsonNode command = JSON.readTree(dir.resolve("jmh-command.json").toFile());
        JsonNode reduce = JSON.readTree(dir.resolve("jmh-reduce.json").toFile());
        return new JmhReport(command, reduce);
    }

    /** The command throughput's and the reduce's sections. */
    String sections() {
        StringBuilder md = new StringBuilder();
        md.append("## Command throughput, in memory (ops/s, one command = one event)\n\n")
                .append("| history | escqrs | Axon | Axon, caching repository | escqrs/Axon | escqrs/Axon cached |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Integer history :
                throughput.getOrDefault("escqrs", new TreeMap<>()).keySet()) {
            double[] e = throughput.get("escqrs").get(history);
            double[] a = throughput.getOrDefault("axon", new TreeMap<>()).get(history);
            double[] c = throughput.getOrDefault("axon-cached", new TreeMap<>()).get(history);
            md.append("| %d | %s ± %s | %s | %s | %s | %s |\n"
                    .formatted(
                            history,
                            num(e[0]),
                            num(e[1]),
                            a == null ? "-" : num(a[0]) + " ± " + num(a[1]),
                            c == null ? "-" : num(c[0]) + " ± " + num(c[1]),
                            a == null ? "-" : ratio(e[0] / a[0]),
                            c == null ? "-" : ratio(e[0] / c[0])));
        }
        md.append(
                "\n## Reduce (blog post, all checks on)\n\n| history | folds/s | events/s | bytes allocated per event |\n|---|---|---|---|\n");
        for (JsonNode run : reduce) {
            int history = run.path("params").path("history").asInt();
            double score = run.path("primaryMetric").path("score").asDouble();
            double alloc = run.path("secondaryMetrics")
                    .path("gc.alloc.rate.norm")
                    .path("score")
                    .asDouble(Double.NaN);
            md.append("| %d | %s | %s | %s |\n"
                    .formatted(
                            history,
                            num(score),
                            num(score * history),
                            Double.isNaN(alloc) ? "-" : "%.1f".formatted(alloc / history)));
        }
        return md.toString();
    }

    /** The reduce's unsteady benchmarks, then the commands'. */
    List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        warnings.addAll(spreadWarnings(reduce));
        warnings.addAll(spreadWarnings(command));
        return warnings;
    }

    void drawChart(Path file) throws IOException {
        ThroughputChart.draw(throughput, file);
    }

    /** escqrs's command throughput over Axon's, plain and cached, at a history of 100. */
    List<String> headlines() {
        return List.of(
                "escqrs/axon command throughput ratio (history 100): " + throughputRatio("axon"),
                "escqrs/axon-cached command throughput ratio (history 100): " + throughputRatio("axon-cached"));
    }

    private String throughputRatio(String other) {
        double[] e = throughput.getOrDefault("escqrs", new TreeMap<>()).get(100);
        double[] o = throughput.getOrDefault(other, new TreeMap<>()).get(100);
        return e == null || o == null ? "not measured" : ratio(e[0] / o[0]);
    }

    /**
     * One line per benchmark (and parameters) whose measured iterations spread by more than
     * {@value #SPREAD_WARNING_PERCENT}% of their mean: its score is not to be trusted as it stands.
     */
    private static List<String> spreadWarnings(JsonNode runs) {
        List<String> warnings = new ArrayList<>();
        for (JsonNode run : runs) {
            List<Double> iterations = new ArrayList<>();
            run.path("primaryMetric").path("rawData").forEach(fork -> fork.forEach(i -> iterations.add(i.asDouble())));
            if (iterations.size() < 2) {
                continue;
            }
            double min =
                    iterations.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double max =
                    iterations.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            double mean = iterations.stream()
                    .mapToDouble(Double::doubleValue)
                    .average()
                    .orElseThrow();
            double spread = 100 * (max - min) / mean;
            if (spread > SPREAD_WARNING_PERCENT) {
                String benchmark = run.path("benchmark").asText();
                List<String> params = new ArrayList<>();
                run.path("params")
                        .properties()
                        .forEach(p -> params.add(p.getKey() + "=" + p.getValue().asText()));
                warnings.add("%s%s: iterations disagree by %.0f%% (%s to %s %s)"
                        .formatted(
                                benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1),
                                params.isEmpty() ? "" : " (" + String.join(", ", params) + ")",
                                spread,
                                num(min),
                                num(max),
                                run.path("primaryMetric").path("scoreUnit").asText()));
            }
        }
        return warnings;
    }
}
