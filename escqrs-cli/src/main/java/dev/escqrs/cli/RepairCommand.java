package dev.escqrs.cli;

import dev.escqrs.core.error.ConflictException;
import dev.escqrs.dynamodb.internal.StorageMarkers;
import dev.escqrs.dynamodb.table.StorageMode;
import dev.escqrs.dynamodb.table.TableNames;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code repair}: verifies, then rewrites every row that a rewrite from the events fixes, through
 * {@code CommandHandler.repair} (conditional: it writes only if the events still end where it folded, and the row is
 * not ahead). Idempotent: a second run finds nothing to do.
 */
@Command(
        name = "repair",
        description = {
            "Verify, then rewrite from its events every row that disagrees with them "
                    + "and can be fixed that way (row behind, missing, or with other fields than the fold). Lists what it cannot "
                    + "fix (a row ahead of its events, events with a gap, a type without a registered decider) and why.",
            "Idempotent. Exit code 3 when anything is left to do."
        })
final class RepairCommand implements Callable<Integer> {
    private final Application application;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    AuditOptions audit;

    @Option(names = "--dry-run", description = "List what would be repaired and what cannot be; write nothing.")
    boolean dryRun;

    RepairCommand(Application application) {
        this.application = application;
    }

    @Override
    public Integer call() {
        TableNames tables = connection.tables(application);
        int segments = audit.segments(spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        try (DynamoDbClient client = connection.client();
                Audit run = new Audit(client, tables, connection.application(application, client, tables), segments)) {
            Audit.Result result = VerifyCommand.run(run, tables);
            int repaired = 0;
            int left = 0;
            java.util.Set<String> unfinished = new java.util.TreeSet<>();
            for (Finding finding : result.findings()) {
                Optional<Registered<?, ?, ?>> registered = application.aggregate(finding.aggregateName());
                if (!finding.kind().repairable()) {
                    out.println("cannot repair: " + finding.line());
                    unfinished.add(finding.aggregateName());
                    left++;
                } else if (registered.isEmpty()) {
                    out.printf(
                            "cannot repair: %s (no decider for %s is registered in this CLI: run the application's "
                                    + "CLI, whose main registers its deciders)%n",
                            finding.line(), finding.aggregateName());
                    unfinished.add(finding.aggregateName());
                    left++;
                } else if (dryRun) {
                    out.println("would repair: " + finding.line());
                    unfinished.add(finding.aggregateName());
                    left++;
                } else if (repair(registered.get(), run, finding, out)) {
                    repaired++;
                } else {
                    unfinished.add(finding.aggregateName());
                    left++;
                }
            }
            if (!dryRun) {
                dropMarkers(client, tables, result.types(), unfinished, out);
            }
            out.printf(
                    "%s%d of %d aggregates disagreed: %d rewritten from their events, %d left%s%n",
                    dryRun ? "dry run, nothing written: " : "",
                    result.findings().size(),
                    result.aggregates(),
                    repaired,
                    left,
                    repaired > 0 ? " (run verify to check)" : "");
            out.flush();
            return left == 0 ? ExitCodes.OK : ExitCodes.FOUND;
        }
    }

    /**
     * The one-item marker of each type now in two-item mode whose rows are all up to date: once removed, its reads are
     * one {@code GetItem} again (a store keeps reading the newest event too while the marker is there).
     */
    private static void dropMarkers(
            DynamoDbClient client,
            TableNames tables,
            java.util.Set<String> types,
            java.util.Set<String> unfinished,
            PrintWriter out) {
        StorageMarkers markers = new StorageMarkers(client, tables, java.time.Clock.systemUTC());
        for (String type : types) {
            if (tables.storage(type) != StorageMode.TWO_ITEM || unfinished.contains(type)) {
                continue;
            }
            try {
                if (markers.present(type)) {
                    markers.remove(type);
                    out.printf(
                            "%s is back in two-item mode and its rows are up to date: its one-item marker is "
                                    + "removed (stores that started meanwhile read the newest event too until they restart)%n",
                            type);
                }
            } catch (dev.escqrs.dynamodb.table.MissingTableException absent) {
                // no aggregate table, no marker
            }
        }
    }

    private static boolean repair(Registered<?, ?, ?> registered, Audit audit, Finding finding, PrintWriter out) {
        String which = finding.aggregateName() + " " + finding.aggregateId();
        try {
            long version = registered.repair(audit.store(), finding.aggregateId());
            out.printf(
                    "repaired: %s row rewritten at version %d from its events (was %s)%n",
                    which, version, finding.kind().label());
            return true;
        } catch (ConflictException e) {
            out.printf(
                    "not repaired: %s changed while it was rebuilt (a command ran?): run repair again (%s)%n",
                    which, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            out.printf("not repaired: %s: %s%n", which, e.getMessage());
            return false;
        }
    }
}
