package dev.escqrs.benchmarks.report;

import static dev.escqrs.benchmarks.report.Figures.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads what one scripts/bench run measured (JMH's JSON, the DynamoDB comparison runs, the storage-mode costs), writes
 * summary.md and the throughput chart (PNG, drawn with java.awt: no plotting library is needed), and prints the
 * closing headline lines, after a warning for each JMH benchmark whose iterations disagree by more than
 * {@value JmhReport#SPREAD_WARNING_PERCENT}%.
 *
 * <p>When the results hold {@code index.json} (ChangeFeedIndexCost), its section follows the others, and its four
 * lines come after the other headline lines.
 *
 * <pre>java ... BenchReport RESULTS_DIR CHART_PNG
 * java ... BenchReport --service RESULTS_DIR     (only the example service's table)
 * java ... BenchReport --index RESULTS_DIR       (only the change-feed index's section and lines)
 * java ... BenchReport --startup RESULTS_DIR     (only the start-up table)</pre>
 *
 * Each part of a run has a report of its own: {@link JmhReport}, {@link DynamoDbReport} (with
 * {@link StorageModeReport}), {@link HttpReport} and {@link IndexReport}; this class puts them in order.
 */
public final class BenchReport {
    private BenchReport() {}

    public static void main(String[] args) throws IOException {
        if (args[0].equals("--startup")) {
            Path dir = Path.of(args[1]);
            String md = HttpReport.startupTable(dir);
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
            String md = HttpReport.serviceSection(Path.of(args[1]));
            Files.writeString(Path.of(args[1]).resolve("service.md"), md);
            System.out.println(md);
            return;
        }
        Path dir = Path.of(args[0]);
        Path chart = Path.of(args[1]);
        JmhReport jmh = JmhReport.read(dir);
        DynamoDbReport dynamoDb = DynamoDbReport.read(dir);
        StringBuilder md = new StringBuilder("# scripts/bench results\n\n");
        md.append(jmh.sections());
        md.append(dynamoDb.sections());
        List<String> warnings = jmh.warnings();
        if (!warnings.isEmpty()) {
            md.append("\n## Unsteady JMH figures\n\n");
            warnings.forEach(w -> md.append("- ").append(w).append('\n'));
        }
        md.append(HttpReport.serviceSection(dir));
        Path indexRun = dir.resolve("index.json");
        JsonNode index = Files.exists(indexRun) ? JSON.readTree(indexRun.toFile()) : null;
        if (index != null) {
            md.append(IndexReport.section(index));
        }
        Files.writeString(dir.resolve("summary.md"), md.toString());
        jmh.drawChart(chart);

        System.out.println(md);
        System.out.println("chart: " + chart);
        warnings.forEach(w -> System.out.println("warning: " + w));
        jmh.headlines().forEach(System.out::println);
        dynamoDb.printHeadlines(System.out);
        if (index != null) {
            IndexReport.headlines(index).forEach(System.out::println);
        }
    }
}
