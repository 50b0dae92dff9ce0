package dev.escqrs.cli;

import static dev.escqrs.cli.ParkedCommand.CARRIED_OUT;
import static dev.escqrs.cli.ParkedCommand.replacing;

import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.core.projection.ParkedAggregate.Action;
import dev.escqrs.core.projection.ParkedAggregate.OperatorRequest;
import dev.escqrs.dynamodb.DynamoDbParking;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parked skip RUNNER TYPE ID --by NAME --reason TEXT}: asks the runner to give up a head event. */
@Command(
        name = "skip",
        description = {
            "Ask RUNNER to give up a parked aggregate's head event and apply the events "
                    + "behind it. The runner records the skip with who, when and why; the event stays in the store, and is "
                    + "never applied by this runner.",
            "--by and --reason are required. Exit code 3 when the aggregate is not " + "parked."
        })
final class ParkedSkipCommand extends ParkedCommand.Request {
    @Parameters(index = "0", paramLabel = "RUNNER", description = "The runner's name.")
    String runner;

    @Parameters(index = "1", paramLabel = "TYPE", description = "The aggregate type's name, e.g. BlogPost.")
    String type;

    @Parameters(index = "2", paramLabel = "ID", description = "The aggregate's id.")
    String id;

    @Option(
            names = "--reason",
            required = true,
            paramLabel = "TEXT",
            description = "Why the event is given up: kept with the skip, for whoever asks later.")
    String reason;

    ParkedSkipCommand(Application application) {
        super(application);
    }

    @Override
    void check() {
        super.check();
        if (reason.isBlank()) {
            throw usage("--reason must say why the event is skipped");
        }
    }

    @Override
    int run(DynamoDbParking parking, PrintWriter out) {
        Optional<ParkedAggregate> was = parking.find(runner, type, id);
        OperatorRequest request = request(Action.SKIP, reason.strip());
        if (was.isEmpty() || !parking.request(runner, type, id, request)) {
            return notParked(runner, type, id);
        }
        ParkedAggregate.ParkedEvent head = was.get().head();
        out.printf(
                "%s %s %s: skip of version %d (%s) requested by %s%s; %s, records the skip and applies the %d "
                        + "event%s behind it%n",
                runner,
                type,
                id,
                head.version(),
                head.eventName().isEmpty() ? "name unknown" : head.eventName(),
                request.by(),
                replacing(was.get()),
                CARRIED_OUT,
                was.get().waiting(),
                was.get().waiting() == 1 ? "" : "s");
        return ExitCodes.OK;
    }
}
