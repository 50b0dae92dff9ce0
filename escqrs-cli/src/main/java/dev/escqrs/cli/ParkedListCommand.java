package dev.escqrs.cli;

import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.dynamodb.DynamoDbParking;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code parked list [RUNNER]}: the parked aggregates, one a line. */
@Command(
        name = "list",
        description = {
            "List the parked aggregates of RUNNER, or of every runner, one a line: "
                    + "runner, type, id, head version, events waiting behind it, attempts, error, last failure, next automatic "
                    + "retry (or 'operator' once they are used up) and a pending request.",
            "Reads only; exit code 3 when any aggregate is parked."
        })
final class ParkedListCommand extends ParkedCommand.Base {
    private static final int MESSAGE_WIDTH = 60;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "RUNNER",
            description = "The runner's name (its projection's or reaction's); default every runner.")
    String runner;

    ParkedListCommand(Application application) {
        super(application);
    }

    @Override
    int run(DynamoDbParking parking, PrintWriter out) {
        List<ParkedAggregate> parked = runner == null ? parking.parked() : parking.parked(runner);
        if (parked.isEmpty()) {
            out.println(runner == null ? "nothing parked" : runner + ": nothing parked");
            return ExitCodes.OK;
        }
        Columns table = new Columns(
                "RUNNER",
                "TYPE",
                "ID",
                "HEAD",
                "WAITING",
                "ATTEMPTS",
                "ERROR",
                "LAST FAILURE",
                "NEXT RETRY",
                "REQUEST");
        for (ParkedAggregate entry : parked) {
            table.add(
                    entry.runner(),
                    entry.aggregateName(),
                    entry.aggregateId(),
                    Long.toString(entry.head().version()),
                    Long.toString(entry.waiting()),
                    Integer.toString(entry.attempts()),
                    Columns.cut(entry.error().category() + ": " + entry.error().message(), MESSAGE_WIDTH),
                    Columns.time(entry.lastFailure()),
                    entry.nextAttempt().map(Columns::time).orElse("operator"),
                    entry.request().map(r -> r.action() + " by " + r.by()).orElse("-"));
        }
        table.print(out);
        long runners = parked.stream().map(ParkedAggregate::runner).distinct().count();
        out.printf(
                "%d parked aggregate%s of %d runner%s: 'parked show RUNNER TYPE ID' for one%n",
                parked.size(), parked.size() == 1 ? "" : "s", runners, runners == 1 ? "" : "s");
        return ExitCodes.FOUND;
    }
}
