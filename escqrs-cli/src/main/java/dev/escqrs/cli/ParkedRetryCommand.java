package dev.escqrs.cli;

import static dev.escqrs.cli.ParkedCommand.CARRIED_OUT;
import static dev.escqrs.cli.ParkedCommand.replacing;

import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.core.projection.ParkedAggregate.Action;
import dev.escqrs.core.projection.ParkedAggregate.OperatorRequest;
import dev.escqrs.dynamodb.DynamoDbParking;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parked retry RUNNER (TYPE ID | --all)}: asks the runner to try parked aggregates again. */
@Command(
        name = "retry",
        description = {
            "Ask RUNNER to try a parked aggregate's head event and the events behind "
                    + "it again: one aggregate (TYPE ID), or every one it parked (--all).",
            "--all writes a request into each entry that has none (a pending skip is left as it is) and says how many; "
                    + "the runner works them off in bounded batches, not all at once.",
            "Exit code 3 when the aggregate is not parked (--all: when the runner has nothing parked)."
        })
final class ParkedRetryCommand extends ParkedCommand.Request {
    @Parameters(index = "0", paramLabel = "RUNNER", description = "The runner's name.")
    String runner;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TYPE", description = "The aggregate type's name.")
    String type;

    @Parameters(index = "2", arity = "0..1", paramLabel = "ID", description = "The aggregate's id.")
    String id;

    @Option(names = "--all", description = "Every aggregate RUNNER parked, instead of TYPE ID.")
    boolean all;

    @Option(
            names = "--reason",
            paramLabel = "TEXT",
            defaultValue = "",
            description = "Why (optional), e.g. the fix that was deployed.")
    String reason;

    ParkedRetryCommand(Application application) {
        super(application);
    }

    @Override
    void check() {
        super.check();
        if (all == (type != null)) {
            throw usage(all ? "retry --all takes no TYPE ID" : "retry needs TYPE ID, or --all");
        }
        if (!all && id == null) {
            throw usage("retry needs the aggregate's ID after its TYPE");
        }
    }

    @Override
    int run(DynamoDbParking parking, PrintWriter out) {
        return all ? retryAll(parking, out) : retryOne(parking, out);
    }

    private int retryOne(DynamoDbParking parking, PrintWriter out) {
        Optional<ParkedAggregate> was = parking.find(runner, type, id);
        OperatorRequest request = request(Action.RETRY, reason);
        if (was.isEmpty() || !parking.request(runner, type, id, request)) {
            return notParked(runner, type, id);
        }
        out.printf(
                "%s %s %s: retry of version %d requested by %s%s; %s%n",
                runner, type, id, was.get().head().version(), request.by(), replacing(was.get()), CARRIED_OUT);
        return ExitCodes.OK;
    }

    private int retryAll(DynamoDbParking parking, PrintWriter out) {
        List<ParkedAggregate> parked = parking.parked(runner);
        if (parked.isEmpty()) {
            spec.commandLine().getErr().printf("%s: nothing parked ('runners' lists the runners)%n", runner);
            spec.commandLine().getErr().flush();
            return ExitCodes.FOUND;
        }
        int requested = 0;
        int pending = 0;
        int gone = 0;
        OperatorRequest request = request(Action.RETRY, reason);
        for (ParkedAggregate entry : parked) {
            if (entry.request().isPresent()) {
                pending++;
            } else if (parking.request(runner, entry.aggregateName(), entry.aggregateId(), request)) {
                requested++;
            } else {
                gone++;
            }
        }
        out.printf(
                "%s: retry requested by %s for %d of %d parked aggregates (%d already had a request, left as "
                        + "it is; %d no longer parked); the runner works them off in bounded batches at its next "
                        + "polls%n",
                runner, request.by(), requested, parked.size(), pending, gone);
        return ExitCodes.OK;
    }
}
