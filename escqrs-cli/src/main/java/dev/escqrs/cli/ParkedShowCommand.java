package dev.escqrs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.dynamodb.DynamoDbParking;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code parked show RUNNER TYPE ID}: everything about one parked aggregate. */
@Command(
        name = "show",
        description = {
            "Print everything about one parked aggregate: the head event (version, "
                    + "name, id, JSON pretty-printed), how many events wait behind it, the error in full, the attempts, the "
                    + "first and last failure, the next automatic retry and a pending request.",
            "Reads only; exit code 3 when the aggregate is not parked."
        })
final class ParkedShowCommand extends ParkedCommand.Base {
    private static final ObjectMapper JSON = JsonCodec.defaultMapper();

    @Parameters(index = "0", paramLabel = "RUNNER", description = "The runner's name.")
    String runner;

    @Parameters(index = "1", paramLabel = "TYPE", description = "The aggregate type's name, e.g. BlogPost.")
    String type;

    @Parameters(index = "2", paramLabel = "ID", description = "The aggregate's id.")
    String id;

    ParkedShowCommand(Application application) {
        super(application);
    }

    @Override
    int run(DynamoDbParking parking, PrintWriter out) {
        Optional<ParkedAggregate> found = parking.find(runner, type, id);
        if (found.isEmpty()) {
            return notParked(runner, type, id);
        }
        ParkedAggregate entry = found.get();
        ParkedAggregate.ParkedEvent head = entry.head();
        out.printf("runner:         %s%n", entry.runner());
        out.printf("aggregate:      %s %s%n", entry.aggregateName(), entry.aggregateId());
        out.printf(
                "head event:     version %d, %s, id %s%n",
                head.version(),
                head.eventName().isEmpty() ? "(name unknown)" : head.eventName(),
                head.eventId().isEmpty() ? "(could not be read from the store)" : head.eventId());
        out.printf("waiting behind: %d (seen up to version %d)%n", entry.waiting(), entry.lastSeenVersion());
        out.printf(
                "error:          %s %s%n",
                entry.error().category(), entry.error().type());
        entry.error().message().lines().forEach(line -> out.printf("                %s%n", line));
        out.printf("attempts:       %d%n", entry.attempts());
        out.printf("first failure:  %s%n", entry.firstFailure());
        out.printf("last failure:   %s%n", entry.lastFailure());
        out.printf(
                "next retry:     %s%n",
                entry.nextAttempt()
                        .map(Instant::toString)
                        .orElse("none: the automatic retries are used up, it waits for an operator (retry or skip)"));
        out.printf(
                "request:        %s%n",
                entry.request().map(ParkedCommand::describe).orElse("none"));
        out.println("head event JSON:");
        out.println(head.json().isEmpty() ? "(none: the event could not be read)" : pretty(head.json()));
        return ExitCodes.OK;
    }

    /** The JSON indented, or as stored when it does not parse (it was cut at {@code MAX_JSON_LENGTH}). */
    private static String pretty(String json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}
