package dev.escqrs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.core.projection.ParkedAggregate.Action;
import dev.escqrs.core.projection.ParkedAggregate.OperatorRequest;
import dev.escqrs.dynamodb.DynamoDbParking;
import dev.escqrs.dynamodb.table.TableNames;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code parked list|show|retry|skip}: the aggregates runners parked ({@code BadRecords.PARK}), kept by
 * {@link DynamoDbParking} in the checkpoint table. Retry and skip only write an operator's request into the entry; the
 * runner carries it out at its next poll and clears it, so the CLI never applies an event itself.
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
            ParkedCommand.List.class,
            ParkedCommand.Show.class,
            ParkedCommand.Retry.class,
            ParkedCommand.Skip.class
        })
final class ParkedCommand {
    private static final ObjectMapper JSON = JsonCodec.defaultMapper();
    private static final int MESSAGE_WIDTH = 60;
    private static final String CARRIED_OUT = "the runner carries it out at its next poll (in-process runners within "
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

    @Command(
            name = "list",
            description = {
                "List the parked aggregates of RUNNER, or of every runner, one a line: "
                        + "runner, type, id, head version, events waiting behind it, attempts, error, last failure, next automatic "
                        + "retry (or 'operator' once they are used up) and a pending request.",
                "Reads only; exit code 3 when any aggregate is parked."
            })
    static final class List extends Base {
        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "RUNNER",
                description = "The runner's name (its projection's or reaction's); default every runner.")
        String runner;

        List(Application application) {
            super(application);
        }

        @Override
        int run(DynamoDbParking parking, PrintWriter out) {
            java.util.List<ParkedAggregate> parked = runner == null ? parking.parked() : parking.parked(runner);
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
                        Columns.cut(
                                entry.error().category() + ": " + entry.error().message(), MESSAGE_WIDTH),
                        Columns.time(entry.lastFailure()),
                        entry.nextAttempt().map(Columns::time).orElse("operator"),
                        entry.request().map(r -> r.action() + " by " + r.by()).orElse("-"));
            }
            table.print(out);
            long runners =
                    parked.stream().map(ParkedAggregate::runner).distinct().count();
            out.printf(
                    "%d parked aggregate%s of %d runner%s: 'parked show RUNNER TYPE ID' for one%n",
                    parked.size(), parked.size() == 1 ? "" : "s", runners, runners == 1 ? "" : "s");
            return ExitCodes.FOUND;
        }
    }

    @Command(
            name = "show",
            description = {
                "Print everything about one parked aggregate: the head event (version, "
                        + "name, id, JSON pretty-printed), how many events wait behind it, the error in full, the attempts, the "
                        + "first and last failure, the next automatic retry and a pending request.",
                "Reads only; exit code 3 when the aggregate is not parked."
            })
    static final class Show extends Base {
        @Parameters(index = "0", paramLabel = "RUNNER", description = "The runner's name.")
        String runner;

        @Parameters(index = "1", paramLabel = "TYPE", description = "The aggregate type's name, e.g. BlogPost.")
        String type;

        @Parameters(index = "2", paramLabel = "ID", description = "The aggregate's id.")
        String id;

        Show(Application application) {
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
                            .orElse(
                                    "none: the automatic retries are used up, it waits for an operator (retry or skip)"));
            out.printf(
                    "request:        %s%n",
                    entry.request().map(ParkedCommand::describe).orElse("none"));
            out.println("head event JSON:");
            out.println(head.json().isEmpty() ? "(none: the event could not be read)" : pretty(head.json()));
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "retry",
            description = {
                "Ask RUNNER to try a parked aggregate's head event and the events behind "
                        + "it again: one aggregate (TYPE ID), or every one it parked (--all).",
                "--all writes a request into each entry that has none (a pending skip is left as it is) and says how many; "
                        + "the runner works them off in bounded batches, not all at once.",
                "Exit code 3 when the aggregate is not parked (--all: when the runner has nothing parked)."
            })
    static final class Retry extends Request {
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

        Retry(Application application) {
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
            java.util.List<ParkedAggregate> parked = parking.parked(runner);
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

    @Command(
            name = "skip",
            description = {
                "Ask RUNNER to give up a parked aggregate's head event and apply the events "
                        + "behind it. The runner records the skip with who, when and why; the event stays in the store, and is "
                        + "never applied by this runner.",
                "--by and --reason are required. Exit code 3 when the aggregate is not " + "parked."
            })
    static final class Skip extends Request {
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

        Skip(Application application) {
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

    private static String replacing(ParkedAggregate was) {
        return was.request()
                .map(r -> " (replaces the pending " + describe(r) + ")")
                .orElse("");
    }

    private static String describe(OperatorRequest request) {
        return "%s by %s at %s%s"
                .formatted(
                        request.action(),
                        request.by(),
                        Columns.time(request.at()),
                        request.reason().isEmpty() ? "" : ": " + request.reason());
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
