package dev.escqrs.cli;

import dev.escqrs.dynamodb.table.TableNames;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** {@code verify}: lists every aggregate whose row disagrees with its events ({@link Audit}). */
@Command(
        name = "verify",
        description = {
            "Check every aggregate: does its row equal the fold of its events? Lists the "
                    + "ones that disagree, one a line: TYPE ID row=VERSION events=LAST-VERSION KIND: why.",
            "Types registered with a decider are compared field by field with the fold; others by version and last event "
                    + "id. Reads only; exit code 3 when any disagree."
        })
final class VerifyCommand implements Callable<Integer> {
    private final Application application;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    AuditOptions audit;

    VerifyCommand(Application application) {
        this.application = application;
    }

    @Override
    public Integer call() {
        TableNames tables = connection.tables(application);
        int segments = audit.segments(spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        try (DynamoDbClient client = connection.client();
                Audit run = new Audit(client, tables, connection.application(application, client, tables), segments)) {
            Audit.Result result = run(run, tables);
            result.findings().forEach(finding -> out.println(finding.line()));
            long repairable = result.findings().stream()
                    .filter(f -> f.kind().repairable()
                            && application.aggregate(f.aggregateName()).isPresent())
                    .count();
            out.printf(
                    "verified %d aggregate%s of %d type%s %s in %.1f s: %s%n",
                    result.aggregates(),
                    result.aggregates() == 1 ? "" : "s",
                    result.types().size(),
                    result.types().size() == 1 ? "" : "s",
                    result.types(),
                    (System.nanoTime() - started) / 1e9,
                    result.findings().isEmpty()
                            ? "every row equals its events"
                            : "%d disagree: %d can be rewritten from their events ('repair'), %d need an operator"
                                    .formatted(
                                            result.findings().size(),
                                            repairable,
                                            result.findings().size() - repairable));
            out.flush();
            return result.findings().isEmpty() ? ExitCodes.OK : ExitCodes.FOUND;
        }
    }

    /** The audit, with a missing events table named. */
    static Audit.Result run(Audit audit, TableNames tables) {
        try {
            return audit.run();
        } catch (ResourceNotFoundException e) {
            throw Tables.missing(tables.eventsTable(), e);
        }
    }
}
