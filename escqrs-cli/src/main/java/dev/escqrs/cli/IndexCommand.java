package dev.escqrs.cli;

import dev.escqrs.dynamodb.feed.DynamoDbIndexer;
import dev.escqrs.dynamodb.table.TableNames;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code index backfill}: the change-feed index made to hold every event of the events table. */
@Command(
        name = "index",
        synopsisSubcommandLabel = "backfill",
        description = "The change-feed index (PREFIXevents-index).",
        subcommands = {IndexCommand.Backfill.class})
final class IndexCommand {
    private IndexCommand() {}

    @Command(
            name = "backfill",
            description = {
                "Index every event of the events table that the index lacks: once, "
                        + "for a table that had events before its indexer (the indexer Lambda reads only the Stream), or after "
                        + "indexer batches failed for good.",
                "Reads the whole index, then scans the events table (consistent); appends each missing event once, each "
                        + "aggregate's in version order. Idempotent; safe while the indexer runs. Prints how many it appended."
            })
    static final class Backfill implements Callable<Integer> {
        private final Application application;

        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        Backfill(Application application) {
            this.application = application;
        }

        @Override
        public Integer call() {
            TableNames tables = connection.tables(application);
            PrintWriter out = spec.commandLine().getOut();
            try (DynamoDbClient client = connection.client()) {
                int code = Tables.naming(tables.indexTable(), () -> {
                    long appended = DynamoDbIndexer.backfillOnce(client, tables);
                    out.printf("indexed %d events the index lacked%n", appended);
                    return ExitCodes.OK;
                });
                out.flush();
                return code;
            }
        }
    }
}
