package dev.escqrs.cli;

import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.core.projection.ParkedAggregate.Action;
import dev.escqrs.core.projection.ParkedAggregate.OperatorRequest;
import dev.escqrs.dynamodb.DynamoDbParking;
import dev.escqrs.dynamodb.table.TableNames;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code parked list|show|retry|skip}: the aggregates runners parked ({@code BadRecords.PARK}), kept by
 * {@link DynamoDbParking} in the checkpoint table. Retry and skip only write an operator's request into the entry; the
 * runner carries it out at its next poll and clears it, so the CLI never applies an event itself. Each subcommand is a
 * class of its own ({@link ParkedListCommand}, {@link ParkedShowCommand}, {@link ParkedRetryCommand},
 * {@link ParkedSkipCommand}); this one holds what they share.
 */
@Command(
        name = "parked",
        synopsisSubcommandLabel = "(list | show | retry | skip)",
        description = {
            "See and act on the aggregates runners parked: an event a projection or reaction could not "
                    + "apply holds back its aggregate's later events, and no other aggregate's.",
            "Retry and skip write a request into the parked entry; the runner carries it out at its next poll "
                    + "(in-process runners within about 5 s, a Lambda at its next batch) and clears it."
        },
        subcommands = {
            ParkedListCommand.class,
            ParkedShowCommand.class,
            ParkedRetryCommand.class,
            ParkedSkipCommand.class
        })
final class ParkedCommand {
    static final String CARRIED_OUT = "the runner carries it out at its next poll (in-process runners within "
            + "about 5 s, a Lambda at its next batch)";

    private ParkedCommand() {}

    /** The part every parked command shares: the connection, the parking, and the answer's writers. */
    abstract static class Base implements Callable<Integer> {
        final Application application;

        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        Base(Application application) {
            this.application = application;
        }

        @Override
        public Integer call() {
            check();
            TableNames tables = connection.tables(application);
            try (DynamoDbClient client = connection.client()) {
                PrintWriter out = spec.commandLine().getOut();
                int code =
                        Tables.naming(tables.checkpointsTable(), () -> run(new DynamoDbParking(client, tables), out));
                out.flush();
                return code;
            }
        }

        /** Refuses a wrong command line before anything is read (exit code 2). */
        void check() {}

        abstract int run(DynamoDbParking parking, PrintWriter out);

        ParameterException usage(String message) {
            return new ParameterException(spec.commandLine(), message);
        }

        int notParked(String runner, String type, String id) {
            spec.commandLine()
                    .getErr()
                    .printf(
                            "%s %s %s: not parked (any more?): 'parked list %s' lists what is%n",
                            runner, type, id, runner);
            spec.commandLine().getErr().flush();
            return ExitCodes.FOUND;
        }
    }

    /** The options of retry and skip: who asks, and why. */
    abstract static class Request extends Base {
        @Option(
                names = "--by",
                required = true,
                paramLabel = "NAME",
                description = "Who asks: recorded in the entry and, for a skip, with the skipped event.")
        String by;

        Request(Application application) {
            super(application);
        }

        @Override
        void check() {
            if (by.isBlank()) {
                throw usage("--by must name who asks");
            }
        }

        OperatorRequest request(Action action, String reason) {
            return new OperatorRequest(action, by.strip(), reason, Instant.now());
        }
    }

    /** {@code " (replaces the pending RETRY by ...)"} when the entry had a request, else nothing. */
    static String replacing(ParkedAggregate was) {
        return was.request()
                .map(r -> " (replaces the pending " + describe(r) + ")")
                .orElse("");
    }

    /** An operator's request in one line: what, by whom, when and why. */
    static String describe(OperatorRequest request) {
        return "%s by %s at %s%s"
                .formatted(
                        request.action(),
                        request.by(),
                        Columns.time(request.at()),
                        request.reason().isEmpty() ? "" : ": " + request.reason());
    }
}
