package dev.escqrs.cli;

import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.dynamodb.DynamoDbCheckpoints;
import dev.escqrs.dynamodb.table.TableNames;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code checkpoint get|set|reset CONSUMER}: a named consumer's position, in the checkpoint table. */
@Command(
        name = "checkpoint",
        synopsisSubcommandLabel = "(get | set | reset)",
        description = "Read, move or delete a consumer's checkpoint in the checkpoint table (PREFIXcheckpoints).",
        subcommands = {CheckpointCommand.Get.class, CheckpointCommand.Set.class, CheckpointCommand.Reset.class})
final class CheckpointCommand {
    private CheckpointCommand() {}

    /** The part every checkpoint command shares: the consumer, the connection, and the answer's writer. */
    abstract static class Base implements Callable<Integer> {
        final Application application;

        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        @Parameters(index = "0", paramLabel = "CONSUMER", description = "The consumer's name.")
        String consumer;

        Base(Application application) {
            this.application = application;
        }

        @Override
        public Integer call() {
            TableNames tables = connection.tables(application);
            try (DynamoDbClient client = connection.client()) {
                DynamoDbCheckpoints checkpoints = new DynamoDbCheckpoints(client, tables);
                PrintWriter out = spec.commandLine().getOut();
                int code = Tables.naming(tables.checkpointsTable(), () -> run(checkpoints, out));
                out.flush();
                return code;
            }
        }

        abstract int run(DynamoDbCheckpoints checkpoints, PrintWriter out);
    }

    @Command(
            name = "get",
            description = {
                "Print the consumer's checkpoint.",
                "Exit code 3 when it has none (it starts from the beginning, or rebuilds from the store)."
            })
    static final class Get extends Base {
        Get(Application application) {
            super(application);
        }

        @Override
        int run(DynamoDbCheckpoints checkpoints, PrintWriter out) {
            Optional<Checkpoint> checkpoint = checkpoints.load(consumer);
            if (checkpoint.isEmpty()) {
                spec.commandLine().getErr().printf("%s: no checkpoint%n", consumer);
                spec.commandLine().getErr().flush();
                return ExitCodes.FOUND;
            }
            out.println(checkpoint.get().value());
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "set",
            description = {
                "Store VALUE as the consumer's checkpoint (as 'get' printed one).",
                "Stop the consumer first: a running one overwrites it with its own position."
            })
    static final class Set extends Base {
        @Parameters(index = "1", paramLabel = "VALUE", description = "The checkpoint, as the consumer wrote it.")
        String value;

        Set(Application application) {
            super(application);
        }

        @Override
        int run(DynamoDbCheckpoints checkpoints, PrintWriter out) {
            String was = checkpoints.load(consumer).map(Checkpoint::value).orElse("(none)");
            checkpoints.save(consumer, new Checkpoint(value));
            out.printf("%s: checkpoint set (was %s)%n", consumer, was);
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "reset",
            description = {
                "Delete the consumer's checkpoint: at its next start it rebuilds from the "
                        + "store (a backfill of every event), then follows the change feed.",
                "Stop the consumer first: a running one writes its position again."
            })
    static final class Reset extends Base {
        Reset(Application application) {
            super(application);
        }

        @Override
        int run(DynamoDbCheckpoints checkpoints, PrintWriter out) {
            Optional<Checkpoint> was = checkpoints.load(consumer);
            checkpoints.delete(consumer);
            out.printf(
                    "%s: checkpoint deleted (was %s); the next start rebuilds from the store%n",
                    consumer, was.map(Checkpoint::value).orElse("(none)"));
            return ExitCodes.OK;
        }
    }
}
