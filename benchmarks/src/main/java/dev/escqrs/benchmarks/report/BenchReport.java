package dev.escqrs.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads what one scripts/bench run measured (JMH's JSON, the two DynamoDB comparison lines), writes summary.md and the
 * throughput chart (PNG, drawn with java.awt: no plotting library is needed), and prints the three closing lines.
 *
 * <pre>java ... BenchReport RESULTS_DIR CHART_PNG
 * java ... BenchReport --service RESULTS_DIR     (only the example service's table)</pre>
 */
public final class BenchReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args[0].equals("--service")) {
            String md = serviceSection(Path.of(args[1]));
            Files.writeString(Path.of(args[1]).resolve("service.md"), md);
            System.out.println(md);
            return;
        }
        Path dir = Path.of(args[0]);
        Path chart = Path.of(args[1]);
        JsonNode command = JSON.readTree(dir.resolve("jmh-command.json").toFile());
        JsonNode reduce = JSON.readTree(dir.resolve("jmh-reduce.json").toFile());
        JsonNode escqrs = JSON.readTree(Files.readString(dir.resolve("escqrs-dynamodb.json")));
        JsonNode seed = JSON.readTree(Files.readString(dir.resolve("seed-dynamodb.json")));

        Map<String, TreeMap<Integer, double[]>> throughput = new TreeMap<>();
        for (JsonNode run : command) {
            String framework = run.path("params").path("framework").asText();
            int history = run.path("params").path("history").asInt();
            JsonNode metric = run.path("primaryMetric");
            throughput.computeIfAbsent(framework, f -> new TreeMap<>())
                    .put(history, new double[] {metric.path("score").asDouble(), metric.path("scoreError").asDouble()});
        }
        StringBuilder md = new StringBuilder("# scripts/bench results\n\n");
        md.append("## Command throughput, in memory (ops/s, one command = one event)\n\n| history | escqrs | Axon | escqrs/Axon |\n|---|---|---|---|\n");
        for (Integer history : throughput.getOrDefault("escqrs", new TreeMap<>()).keySet()) {
            double[] e = throughput.get("escqrs").get(history);
            double[] a = throughput.getOrDefault("axon", new TreeMap<>()).get(history);
            md.append("| %d | %s ± %s | %s | %s |\n".formatted(history, num(e[0]), num(e[1]),
                    a == null ? "-" : num(a[0]) + " ± " + num(a[1]), a == null ? "-" : ratio(e[0] / a[0])));
        }
        md.append("\n## Reduce (blog post, all checks on)\n\n| history | folds/s | events/s | bytes allocated per event |\n|---|---|---|---|\n");
        for (JsonNode run : reduce) {
            int history = run.path("params").path("history").asInt();
            double score = run.path("primaryMetric").path("score").asDouble();
            double alloc = run.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score").asDouble(Double.NaN);
            md.append("| %d | %s | %s | %s |\n".formatted(history, num(score), num(score * history),
                    Double.isNaN(alloc) ? "-" : "%.1f".formatted(alloc / history)));
        }
        md.append("\n## DynamoDB (moto), requests and bytes\n\n| operation | escqrs requests | seed requests | escqrs bytes (req/resp) | seed bytes (req/resp) |\n|---|---|---|---|---|\n");
        escqrs.path("ops").properties().forEach(op -> {
            JsonNode s = seed.path("ops").path(op.getKey());
            md.append("| %s | %d | %s | %d / %d | %s |\n".formatted(op.getKey(), op.getValue().path("requests").asLong(),
                    s.isMissingNode() ? "-" : s.path("requests").asText(), op.getValue().path("requestBytes").asLong(),
                    op.getValue().path("responseBytes").asLong(),
                    s.isMissingNode() ? "-" : s.path("requestBytes").asText() + " / " + s.path("responseBytes").asText()));
        });
        JsonNode es = escqrs.path("scenario");
        JsonNode ss = seed.path("scenario");
        double wallRatio = es.path("wallMs").asDouble() / ss.path("wallMs").asDouble();
        double requestRatio = es.path("requests").asDouble() / ss.path("requests").asDouble();
        md.append("\n## The seed's scenario on moto (%d commands, one writer)\n\n| | escqrs | seed | escqrs/seed |\n|---|---|---|---|\n"
                .formatted(es.path("commands").asInt()));
        md.append("| wall time (ms) | %.0f | %.0f | %s |\n".formatted(es.path("wallMs").asDouble(), ss.path("wallMs").asDouble(), ratio(wallRatio)));
        md.append("| requests | %d | %d | %s |\n".formatted(es.path("requests").asLong(), ss.path("requests").asLong(), ratio(requestRatio)));
        md.append("| request bytes | %d | %d | %s |\n".formatted(es.path("requestBytes").asLong(), ss.path("requestBytes").asLong(),
                ratio(es.path("requestBytes").asDouble() / ss.path("requestBytes").asDouble())));
        md.append(serviceSection(dir));
        Files.writeString(dir.resolve("summary.md"), md.toString());
        drawChart(throughput, chart);

        double[] e100 = throughput.getOrDefault("escqrs", new TreeMap<>()).get(100);
        double[] a100 = throughput.getOrDefault("axon", new TreeMap<>()).get(100);
        System.out.println(md);
        System.out.println("chart: " + chart);
        System.out.println("escqrs/axon command throughput ratio (history 100): "
                + (e100 == null || a100 == null ? "not measured" : ratio(e100[0] / a100[0])));
        System.out.println("escqrs/seed wall time ratio on moto: " + ratio(wallRatio));
        System.out.println("dynamodb requests per warm command: " + escqrs.path("ops").path("warmCommand").path("requests").asLong());
    }

    /** The example service over HTTP: requests/s, p50 and p99 per operation, in memory and on moto. */
    private static String serviceSection(Path dir) throws IOException {
        StringBuilder md = new StringBuilder();
        for (String store : List.of("memory", "moto")) {
            Path file = dir.resolve("service-" + store + ".json");
            if (!Files.exists(file)) {
                continue;
            }
            JsonNode run = JSON.readTree(Files.readString(file));
            if (md.isEmpty()) {
                md.append("\n## The example service over HTTP (%d clients, %d s per operation)\n\n".formatted(
                        run.path("clients").asInt(), run.path("seconds").asInt()));
                md.append("| store | operation | requests/s | p50 (ms) | p99 (ms) |\n|---|---|---|---|---|\n");
            }
            run.path("ops").properties().forEach(op -> md.append("| %s | %s | %s | %.2f | %.2f |\n".formatted(
                    store, op.getKey(), num(op.getValue().path("rps").asDouble()), op.getValue().path("p50Ms").asDouble(),
                    op.getValue().path("p99Ms").asDouble())));
        }
        return md.toString();
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : "%.2f", value);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, value >= 10 ? "%.0f" : "%.2f", value);
    }

    /** Command throughput (log scale) against history length, one line per framework. */
    private static void drawChart(Map<String, TreeMap<Integer, double[]>> throughput, Path file) throws IOException {
        int width = 960;
        int height = 560;
        int left = 110;
        int right = 110;
        int top = 60;
        int bottom = 80;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        List<Integer> histories = new ArrayList<>();
        throughput.values().forEach(m -> m.keySet().forEach(h -> {
            if (!histories.contains(h)) {
                histories.add(h);
            }
        }));
        histories.sort(Integer::compare);
        double max = throughput.values().stream().flatMap(m -> m.values().stream()).mapToDouble(v -> v[0]).max().orElse(1);
        double min = throughput.values().stream().flatMap(m -> m.values().stream()).mapToDouble(v -> v[0]).min().orElse(1);
        double logMax = Math.ceil(Math.log10(max));
        double logMin = Math.floor(Math.log10(Math.max(min, 1)));
        if (logMax <= logMin) {
            logMax = logMin + 1;
        }
        int plotW = width - left - right;
        int plotH = height - top - bottom;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.setColor(Color.BLACK);
        g.drawString("Command throughput (in memory, one event per command) vs. history length", left - 60, 32);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (double exp = logMin; exp <= logMax; exp++) {
            int y = top + plotH - (int) ((exp - logMin) / (logMax - logMin) * plotH);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(left, y, left + plotW, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%,.0f", Math.pow(10, exp)), 10, y + 5);
        }
        for (int i = 0; i < histories.size(); i++) {
            int x = left + (histories.size() == 1 ? plotW / 2 : i * plotW / (histories.size() - 1));
            g.setColor(Color.DARK_GRAY);
            g.drawString(Integer.toString(histories.get(i)), x - 10, top + plotH + 22);
        }
        g.drawString("events already in the aggregate's history", left + plotW / 2 - 130, height - 25);
        g.drawString("ops/s (log)", 10, top - 12);
        g.setColor(Color.BLACK);
        g.drawRect(left, top, plotW, plotH);
        Color[] colors = {new Color(0, 114, 178), new Color(213, 94, 0)};
        int series = 0;
        for (Map.Entry<String, TreeMap<Integer, double[]>> line : throughput.entrySet()) {
            Color color = line.getKey().equals("escqrs") ? colors[0] : colors[1];
            g.setColor(color);
            g.setStroke(new BasicStroke(3));
            int px = -1;
            int py = -1;
            for (Map.Entry<Integer, double[]> point : line.getValue().entrySet()) {
                int i = histories.indexOf(point.getKey());
                int x = left + (histories.size() == 1 ? plotW / 2 : i * plotW / (histories.size() - 1));
                double log = Math.log10(Math.max(point.getValue()[0], 1));
                int y = top + plotH - (int) ((log - logMin) / (logMax - logMin) * plotH);
                g.fillOval(x - 5, y - 5, 10, 10);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                g.drawString(num(point.getValue()[0]), x + 8, y - 8);
                px = x;
                py = y;
            }
            g.fillRect(left + 20, top + plotH - 55 + series * 22, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(line.getKey().equals("escqrs") ? "escqrs (in-memory store, aggregate row)"
                            : "Axon 4.13 (InMemoryEventStorageEngine, EventSourcingRepository)",
                    left + 40, top + plotH - 43 + series * 22);
            series++;
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }
}
