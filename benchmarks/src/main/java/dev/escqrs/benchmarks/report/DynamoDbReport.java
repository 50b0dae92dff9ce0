package dev.escqrs.benchmarks.report;

import static dev.escqrs.benchmarks.report.Figures.JSON;
import static dev.escqrs.benchmarks.report.Figures.median;
import static dev.escqrs.benchmarks.report.Figures.ratio;
import static dev.escqrs.benchmarks.report.Figures.runs;
import static dev.escqrs.benchmarks.report.Figures.units;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The DynamoDB part of a run: escqrs against the seed per operation and over the seed's scenario on moto (the runs
 * {@code escqrs-default-N}, {@code escqrs-indexed-N}, {@code escqrs-indexed-one-item-N}, {@code seed-N}), the storage
 * modes by size ({@link StorageModeReport}), and the headline lines they give.
 */
final class DynamoDbReport {
    /** The size the one-item headline figures are taken at: about a blog post's event and row. */
    private static final int HEADLINE_EVENT_BYTES = 150;

    private static final int HEADLINE_STATE_BYTES = 200;

    private final List<JsonNode> escqrsDefault;
    private final List<JsonNode> escqrsIndexed;
    private final List<JsonNode> oneItemIndexed;
    private final List<JsonNode> seeds;
    private final JsonNode escqrs;
    private final JsonNode seed;
    private final JsonNode modes;
    private final JsonNode seedSizes;
    private final double wallRatio;
    private final double oneItemWallRatio;

    private DynamoDbReport(Path dir) throws IOException {
        escqrsDefault = runs(dir, "escqrs-default-");
        escqrsIndexed = runs(dir, "escqrs-indexed-");
        oneItemIndexed = runs(dir, "escqrs-indexed-one-item-");
        seeds = runs(dir, "seed-");
        escqrs = escqrsDefault.getFirst();
        seed = seeds.getFirst();
        modes = JSON.readTree(dir.resolve("storage-modes.json").toFile());
        seedSizes = JSON.readTree(dir.resolve("seed-sizes.json").toFile());
        wallRatio = wall(escqrsIndexed) / wall(seeds);
        oneItemWallRatio = wall(oneItemIndexed) / wall(seeds);
    }

    static DynamoDbReport read(Path dir) throws IOException {
        return new DynamoDbReport(dir);
    }

    /** Per operation, the seed's scenario, then the storage modes. */
    String sections() {
        StringBuilder md = new StringBuilder();
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
                .formatted(
                        wall(escqrsIndexed),
                        wall(oneItemIndexed),
                        wall(escqrsDefault),
                        wall(seeds),
                        ratio(wallRatio),
                        ratio(oneItemWallRatio)));
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
        md.append(StorageModeReport.section(modes, seedSizes));
        return md.toString();
    }

    /**
     * Prints the wall time and price ratios against the seed, the requests per command, then the one-item figures
     * (whose size it looks up only then: a missing one fails after the lines before it).
     */
    void printHeadlines(PrintStream out) {
        out.println("escqrs/seed wall time ratio on moto (same tables): " + ratio(wallRatio));
        JsonNode warm = escqrs.path("ops").path("warmCommand");
        out.println("escqrs/seed on-demand price per warm command: "
                + ratio(price(warm) / price(seed.path("ops").path("warmCommand"))));
        out.println("dynamodb requests per create: "
                + escqrs.path("ops").path("create").path("requests").asLong());
        out.println(
                "dynamodb requests per warm command: " + warm.path("requests").asLong());
        JsonNode keyedWarm = escqrs.path("ops").path("keyedWarmCommand");
        out.println(
                "dynamodb warm command without / with an idempotency key: %d / %d requests, %s / %s WCU, %d / %d request bytes"
                        .formatted(
                                warm.path("requests").asLong(),
                                keyedWarm.path("requests").asLong(),
                                units(warm.path("wcu")),
                                units(keyedWarm.path("wcu")),
                                warm.path("requestBytes").asLong(),
                                keyedWarm.path("requestBytes").asLong()));
        JsonNode headline = StorageModeReport.size(modes, HEADLINE_EVENT_BYTES, HEADLINE_STATE_BYTES);
        JsonNode oneItemWarm = headline.path("oneItem").path("warmCommand");
        JsonNode seedWarm = StorageModeReport.size(seedSizes, HEADLINE_EVENT_BYTES, HEADLINE_STATE_BYTES)
                .path("ops")
                .path("warmCommand");
        out.println("dynamodb WCU per warm command, one-item (%d B event, %d B state): %s"
                .formatted(HEADLINE_EVENT_BYTES, HEADLINE_STATE_BYTES, units(oneItemWarm.path("wcu"))));
        out.println("escqrs one-item/seed on-demand price per warm command: "
                + ratio(price(oneItemWarm) / price(seedWarm)));
        out.println("escqrs one-item/seed wall time ratio on moto (same tables): " + ratio(oneItemWallRatio));
    }

    /** The on-demand price of an operation in read request units: a write request unit costs 5 of them. */
    private static double price(JsonNode op) {
        return 5 * op.path("wcu").asDouble() + op.path("rcu").asDouble();
    }

    /** The median wall time of the runs' scenario. */
    private static double wall(List<JsonNode> runs) {
        return median(
                runs.stream().mapToDouble(r -> r.path("scenario").path("wallMs").asDouble()));
    }

    private static String walls(List<JsonNode> runs) {
        return String.join(
                ", ",
                runs.stream()
                        .map(r -> "%.0f"
                                .formatted(r.path("scenario").path("wallMs").asDouble()))
                        .toList());
    }
}
