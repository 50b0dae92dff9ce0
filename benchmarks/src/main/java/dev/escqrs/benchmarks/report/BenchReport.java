package dev.escqrs.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import javax.imageio.ImageIO;

/**
 * Reads what one scripts/bench run measured (JMH's JSON, the DynamoDB comparison runs, the storage-mode costs), writes
 * summary.md and the throughput chart (PNG, drawn with java.awt: no plotting library is needed), and prints the
 * closing headline lines, after a warning for each JMH benchmark whose iterations disagree by more than
 * {@value #SPREAD_WARNING_PERCENT}%.
 *
 * <p>When the results hold {@code index.json} (ChangeFeedIndexCost), its section follows the others, and its four
 * lines come after the other headline lines.
 *
 * <pre>java ... BenchReport RESULTS_DIR CHART_PNG
 * java ... BenchReport --service RESULTS_DIR     (only the example service's table)
 * java ... BenchReport --index RESULTS_DIR       (only the change-feed index's section and lines)</pre>
 */
public final class BenchReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A benchmark whose iterations spread wider than this (max - min, over their mean) is reported as unsteady. */
    private static final int SPREAD_WARNING_PERCENT = 20;
    /** The size the one-item headline figures are taken at: about a blog post's event and row. */
    private static final int HEADLINE_EVENT_BYTES = 150;

    private static final int HEADLINE_STATE_BYTES = 200;

    private BenchReport() {}

    public static void main(String[] args) throws IOException {
        if (args[0].equals("--startup")) {
            Path dir = Path.of(args[1]);
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
            Files.writeString(dir.resolve("startup.md"), md);
            System.out.println(md);
            return;
        }
        if (args[0].equals("--index")) {
            Path dir = Path.of(args[1]);
            JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
            String md = IndexReport.section(index);
            Files.writeString(dir.resolve("index.md"), md);
            System.out.println(md);
            IndexReport.headlines(index).forEach(System.out::println);
            return;
        }
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
        List<JsonNode> escqrsDefault = runs(dir, "escqrs-default-");
        List<JsonNode> escqrsIndexed = runs(dir, "escqrs-indexed-");
        List<JsonNode> oneItemIndexed = runs(dir, "escqrs-indexed-one-item-");
        List<JsonNode> seeds = runs(dir, "seed-");
        JsonNode escqrs = escqrsDefault.getFirst();
        JsonNode seed = seeds.getFirst();

        Map<String, TreeMap<Integer, double[]>> throughput = new TreeMap<>();
        for (JsonNode run : command) {
            String framework = run.path("params").path("framework").asText();
            int history = run.path("params").path("history").asInt();
            JsonNode metric = run.path("primaryMetric");
            throughput.computeIfAbsent(framework, f -> new TreeMap<>()).put(history, new double[] {
                metric.path("score").asDouble(), metric.path("scoreError").asDouble()
            });
        }
        StringBuilder md = new StringBuilder("# scripts/bench results\n\n");
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
        md.append("\n## DynamoDB per operation: escqrs (default tables) and the seed (deployed tables)\n\n")
                .append(
                        "Capacity from the items' sizes by AWS's rules; price in read request units (on demand, a write ")
                .append("request unit costs 5 read request units).\n\n")
                .append(
                        "| operation | escqrs requests | seed requests | escqrs WCU / RCU | seed WCU / RCU | escqrs price | seed price | escqrs/seed price |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        escqrs.path("ops").properties().forEach(op -> {
            JsonNode e = op.getValue();
            JsonNode s = seed.path("ops").path(op.getKey());
            md.append("| %s | %d | %s | %s / %s | %s | %s | %s | %s |\n"
                    .formatted(
                            op.getKey(),
                            e.path("requests").asLong(),
                            s.isMissingNode() ? "-" : s.path("requests").asText(),
                            units(e.path("wcu")),
                            units(e.path("rcu")),
                            s.isMissingNode() ? "-" : units(s.path("wcu")) + " / " + units(s.path("rcu")),
                            units(price(e)),
                            s.isMissingNode() ? "-" : units(price(s)),
                            s.isMissingNode() ? "-" : ratio(price(e) / price(s))));
        });
        double indexedWall = median(escqrsIndexed.stream()
                .mapToDouble(r -> r.path("scenario").path("wallMs").asDouble()));
        double oneItemWall = median(oneItemIndexed.stream()
                .mapToDouble(r -> r.path("scenario").path("wallMs").asDouble()));
        double defaultWall = median(escqrsDefault.stream()
                .mapToDouble(r -> r.path("scenario").path("wallMs").asDouble()));
        double seedWall = median(seeds.stream()
                .mapToDouble(r -> r.path("scenario").path("wallMs").asDouble()));
        double wallRatio = indexedWall / seedWall;
        double oneItemWallRatio = oneItemWall / seedWall;
        JsonNode es = escqrsIndexed.getFirst().path("scenario");
        JsonNode os = oneItemIndexed.getFirst().path("scenario");
        JsonNode ss = seed.path("scenario");
        md.append(
                        "\n## The seed's scenario on moto (%d commands, one writer; medians of %d interleaved runs, each on a fresh moto)\n\n"
                                .formatted(es.path("commands").asInt(), seeds.size()))
                .append(
                        "| | escqrs, stream + by-name index | escqrs one-item, stream + by-name index | escqrs, default (stream) ")
                .append("| seed, stream + event-name index | escqrs indexed/seed | escqrs one-item/seed |\n")
                .append("|---|---|---|---|---|---|---|\n");
        md.append("| wall time (ms) | %.0f | %.0f | %.0f | %.0f | %s | %s |\n"
                .formatted(indexedWall, oneItemWall, defaultWall, seedWall, ratio(wallRatio), ratio(oneItemWallRatio)));
        md.append("| wall times of each run (ms) | %s | %s | %s | %s | | |\n"
                .formatted(walls(escqrsIndexed), walls(oneItemIndexed), walls(escqrsDefault), walls(seeds)));
        md.append("| requests | %d | %d | %d | %d | %s | %s |\n"
                .formatted(
                        es.path("requests").asLong(),
                        os.path("requests").asLong(),
                        escqrs.path("scenario").path("requests").asLong(),
                        ss.path("requests").asLong(),
                        ratio(es.path("requests").asDouble()
                                / ss.path("requests").asDouble()),
                        ratio(os.path("requests").asDouble()
                                / ss.path("requests").asDouble())));
        md.append("| WCU / RCU | %s / %s | %s / %s | %s / %s | %s / %s | | |\n"
                .formatted(
                        units(es.path("wcu")),
                        units(es.path("rcu")),
                        units(os.path("wcu")),
                        units(os.path("rcu")),
                        units(escqrs.path("scenario").path("wcu")),
                        units(escqrs.path("scenario").path("rcu")),
                        units(ss.path("wcu")),
                        units(ss.path("rcu"))));
        md.append("| stream bytes | %d | %d | %d | %d | | |\n"
                .formatted(
                        es.path("streamBytes").asLong(),
                        os.path("streamBytes").asLong(),
                        escqrs.path("scenario").path("streamBytes").asLong(),
                        ss.path("streamBytes").asLong()));
        JsonNode modes = JSON.readTree(dir.resolve("storage-modes.json").toFile());
        JsonNode seedSizes = JSON.readTree(dir.resolve("seed-sizes.json").toFile());
        md.append(storageModeSection(modes, seedSizes));
        List<String> warnings = new ArrayList<>();
        warnings.addAll(spreadWarnings(reduce));
        warnings.addAll(spreadWarnings(command));
        if (!warnings.isEmpty()) {
            md.append("\n## Unsteady JMH figures\n\n");
            warnings.forEach(w -> md.append("- ").append(w).append('\n'));
        }
        md.append(serviceSection(dir));
        Path indexRun = dir.resolve("index.json");
        JsonNode index = Files.exists(indexRun) ? JSON.readTree(indexRun.toFile()) : null;
        if (index != null) {
            md.append(IndexReport.section(index));
        }
        Files.writeString(dir.resolve("summary.md"), md.toString());
        drawChart(throughput, chart);

        System.out.println(md);
        System.out.println("chart: " + chart);
        warnings.forEach(w -> System.out.println("warning: " + w));
        System.out.println(
                "escqrs/axon command throughput ratio (history 100): " + throughputRatio(throughput, "axon"));
        System.out.println("escqrs/axon-cached command throughput ratio (history 100): "
                + throughputRatio(throughput, "axon-cached"));
        System.out.println("escqrs/seed wall time ratio on moto (same tables): " + ratio(wallRatio));
        System.out.println("escqrs/seed on-demand price per warm command: "
                + ratio(price(escqrs.path("ops").path("warmCommand"))
                        / price(seed.path("ops").path("warmCommand"))));
        System.out.println("dynamodb requests per create: "
                + escqrs.path("ops").path("create").path("requests").asLong());
        System.out.println("dynamodb requests per warm command: "
                + escqrs.path("ops").path("warmCommand").path("requests").asLong());
        JsonNode warm = escqrs.path("ops").path("warmCommand");
        JsonNode keyedWarm = escqrs.path("ops").path("keyedWarmCommand");
        System.out.println(
                "dynamodb warm command without / with an idempotency key: %d / %d requests, %s / %s WCU, %d / %d request bytes"
                        .formatted(
                                warm.path("requests").asLong(),
                                keyedWarm.path("requests").asLong(),
                                units(warm.path("wcu")),
                                units(keyedWarm.path("wcu")),
                                warm.path("requestBytes").asLong(),
                                keyedWarm.path("requestBytes").asLong()));
        JsonNode headline = size(modes, HEADLINE_EVENT_BYTES, HEADLINE_STATE_BYTES);
        JsonNode oneItemWarm = headline.path("oneItem").path("warmCommand");
        JsonNode seedWarm = size(seedSizes, HEADLINE_EVENT_BYTES, HEADLINE_STATE_BYTES)
                .path("ops")
                .path("warmCommand");
        System.out.println("dynamodb WCU per warm command, one-item (%d B event, %d B state): %s"
                .formatted(HEADLINE_EVENT_BYTES, HEADLINE_STATE_BYTES, units(oneItemWarm.path("wcu"))));
        System.out.println("escqrs one-item/seed on-demand price per warm command: "
                + ratio(price(oneItemWarm) / price(seedWarm)));
        System.out.println("escqrs one-item/seed wall time ratio on moto (same tables): " + ratio(oneItemWallRatio));
        if (index != null) {
            IndexReport.headlines(index).forEach(System.out::println);
        }
    }

    /**
     * The storage modes side by side with the seed, per size and operation (StorageModeCost and the seed's sizes.mjs:
     * the same payloads; escqrs on its default tables, the seed on its deployed ones).
     */
    private static String storageModeSection(JsonNode modes, JsonNode seedSizes) {
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
    private static JsonNode size(JsonNode sizes, int eventBytes, int stateBytes) {
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

    /** The runs whose files start with {@code prefix}, in round order. */
    private static List<JsonNode> runs(Path dir, String prefix) throws IOException {
        List<JsonNode> runs = new ArrayList<>();
        for (int round = 1; Files.exists(dir.resolve(prefix + round + ".json")); round++) {
            runs.add(JSON.readTree(Files.readString(dir.resolve(prefix + round + ".json"))));
        }
        if (runs.isEmpty()) {
            throw new IllegalStateException("no " + prefix + "1.json in " + dir);
        }
        return runs;
    }

    /** The on-demand price of an operation in read request units: a write request unit costs 5 of them. */
    private static double price(JsonNode op) {
        return 5 * op.path("wcu").asDouble() + op.path("rcu").asDouble();
    }

    private static String units(JsonNode value) {
        return units(value.asDouble());
    }

    static String units(double value) {
        return value == Math.rint(value)
                ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    static double median(java.util.stream.DoubleStream values) {
        double[] sorted = values.sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String walls(List<JsonNode> runs) {
        return String.join(
                ", ",
                runs.stream()
                        .map(r -> "%.0f"
                                .formatted(r.path("scenario").path("wallMs").asDouble()))
                        .toList());
    }

    private static String throughputRatio(Map<String, TreeMap<Integer, double[]>> throughput, String other) {
        double[] e = throughput.getOrDefault("escqrs", new TreeMap<>()).get(100);
        double[] o = throughput.getOrDefault(other, new TreeMap<>()).get(100);
        return e == null || o == null ? "not measured" : ratio(e[0] / o[0]);
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
        throughput
                .values()
                .forEach(m -> m.keySet().forEach(h -> {
                    if (!histories.contains(h)) {
                        histories.add(h);
                    }
                }));
        histories.sort(Integer::compare);
        double max = throughput.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToDouble(v -> v[0])
                .max()
                .orElse(1);
        double min = throughput.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToDouble(v -> v[0])
                .min()
                .orElse(1);
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
        Color[] colors = {new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115)};
        int series = 0;
        for (Map.Entry<String, TreeMap<Integer, double[]>> line : throughput.entrySet()) {
            Color color =
                    line.getKey().equals("escqrs") ? colors[0] : line.getKey().equals("axon") ? colors[1] : colors[2];
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
            g.fillRect(left + 20, top + plotH - 77 + series * 22, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(
                    switch (line.getKey()) {
                        case "escqrs" -> "escqrs (in-memory store, aggregate row, no cache)";
                        case "axon" -> "Axon 4.13 (InMemoryEventStorageEngine, EventSourcingRepository)";
                        default -> "Axon 4.13, caching repository (WeakReferenceCache)";
                    },
                    left + 40,
                    top + plotH - 65 + series * 22);
            series++;
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }
}
