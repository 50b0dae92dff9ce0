package dev.escqrs.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.DoubleStream;

/** What every section of the report shares: the rounds of a measurement, their median, and how a figure is written. */
final class Figures {
    static final ObjectMapper JSON = new ObjectMapper();

    private Figures() {}

    /** The runs whose files start with {@code prefix}, in round order. */
    static List<JsonNode> runs(Path dir, String prefix) throws IOException {
        List<JsonNode> runs = new ArrayList<>();
        for (int round = 1; Files.exists(dir.resolve(prefix + round + ".json")); round++) {
            runs.add(JSON.readTree(Files.readString(dir.resolve(prefix + round + ".json"))));
        }
        if (runs.isEmpty()) {
            throw new IllegalStateException("no " + prefix + "1.json in " + dir);
        }
        return runs;
    }

    static double median(DoubleStream values) {
        double[] sorted = values.sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String units(JsonNode value) {
        return units(value.asDouble());
    }

    static String units(double value) {
        return value == Math.rint(value)
                ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    static String num(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : "%.2f", value);
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, value >= 10 ? "%.0f" : "%.2f", value);
    }
}
