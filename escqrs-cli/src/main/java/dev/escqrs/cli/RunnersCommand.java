package dev.escqrs.cli;

import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.dynamodb.DynamoDbCheckpoints;
import dev.escqrs.dynamodb.DynamoDbParking;
import dev.escqrs.dynamodb.table.TableNames;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code runners}: every runner the checkpoint table knows, by its checkpoint or by the aggregates it parked, one a
 * line. Two scans of a small table: a checkpoint per consumer and, normally, no parked aggregate.
 */
@Command(
        name = "runners",
        description = {
            "List every runner the checkpoint table (PREFIXcheckpoints) knows, one a "
                    + "line: consumers with a checkpoint there (when it was saved and the position, abbreviated) and runners with "
                    + "parked aggregates (how many, and the oldest failure).",
            "A durable read model keeps its checkpoint in its own table (DynamoDbCheckpoints.inTable): it shows up here "
                    + "only by its parked aggregates, and not at all while none is parked.",
            "Reads only; exit code 3 when any runner has a parked aggregate."
        })
final class RunnersCommand implements Callable<Integer> {
    /** How much of a position is shown: enough to tell two apart, not a shard map across the screen. */
    private static final int POSITION_WIDTH = 40;

    private final Application application;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    RunnersCommand(Application application) {
        this.application = application;
    }

    /** A runner as the table shows it: its checkpoint if stored there, and its parked aggregates. */
    private record Runner(Optional<DynamoDbCheckpoints.Saved> checkpoint, List<ParkedAggregate> parked) {
        Runner withCheckpoint(DynamoDbCheckpoints.Saved saved) {
            return new Runner(Optional.of(saved), parked);
        }

        Runner withParked(List<ParkedAggregate> entries) {
            return new Runner(checkpoint, List.copyOf(entries));
        }
    }

    @Override
    public Integer call() {
        TableNames tables = connection.tables(application);
        PrintWriter out = spec.commandLine().getOut();
        try (DynamoDbClient client = connection.client()) {
            int code = Tables.naming(tables.checkpointsTable(), () -> list(client, tables, out));
            out.flush();
            return code;
        }
    }

    private int list(DynamoDbClient client, TableNames tables, PrintWriter out) {
        Runner none = new Runner(Optional.empty(), List.of());
        Map<String, Runner> runners = new TreeMap<>();
        for (DynamoDbCheckpoints.Saved saved : new DynamoDbCheckpoints(client, tables).saved()) {
            runners.merge(saved.consumer(), none.withCheckpoint(saved), (was, now) -> was.withCheckpoint(saved));
        }
        Map<String, List<ParkedAggregate>> parked = new TreeMap<>();
        for (ParkedAggregate entry : new DynamoDbParking(client, tables).parked()) {
            parked.computeIfAbsent(entry.runner(), r -> new ArrayList<>()).add(entry);
        }
        parked.forEach((runner, entries) ->
                runners.merge(runner, none.withParked(entries), (was, now) -> was.withParked(entries)));
        if (runners.isEmpty()) {
            out.printf("no runner in %s: no checkpoint and nothing parked%n", tables.checkpointsTable());
            return ExitCodes.OK;
        }
        Columns table = new Columns("RUNNER", "CHECKPOINT SAVED", "POSITION", "PARKED", "OLDEST FAILURE");
        runners.forEach((name, runner) -> table.add(
                name,
                runner.checkpoint()
                        .flatMap(DynamoDbCheckpoints.Saved::savedAt)
                        .map(Columns::time)
                        .orElse(runner.checkpoint().isPresent() ? "(not stored)" : "-"),
                runner.checkpoint().map(saved -> position(saved.checkpoint())).orElse("-"),
                Integer.toString(runner.parked().size()),
                runner.parked().stream()
                        .map(ParkedAggregate::firstFailure)
                        .min(Instant::compareTo)
                        .map(Columns::time)
                        .orElse("-")));
        table.print(out);
        long parkedRunners =
                runners.values().stream().filter(r -> !r.parked().isEmpty()).count();
        long parkedAggregates =
                runners.values().stream().mapToLong(r -> r.parked().size()).sum();
        if (parkedRunners == 0) {
            out.printf("%d runner%s, nothing parked%n", runners.size(), runners.size() == 1 ? "" : "s");
            return ExitCodes.OK;
        }
        out.printf(
                "%d runner%s, %d with parked aggregates (%d in all): 'parked list RUNNER' shows them%n",
                runners.size(), runners.size() == 1 ? "" : "s", parkedRunners, parkedAggregates);
        return ExitCodes.FOUND;
    }

    private static String position(Checkpoint checkpoint) {
        return checkpoint.isStart() ? "(start)" : Columns.cut(checkpoint.value(), POSITION_WIDTH);
    }
}
