package dev.escqrs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root of the command tree. Each group is a subcommand class whose constructor takes the {@link Application}
 * (or none), each leaf with {@code @Mixin ConnectionOptions}.
 */
// INHERIT: every subcommand has --help and --version too
@Command(
        name = "escqrs",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = EscqrsCommand.Version.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Operate escqrs's DynamoDB tables: runners and the aggregates they parked, checkpoints, an "
                    + "aggregate's events, and rows that disagree with their events (after a point-in-time restore).",
            "",
            "Every command takes --region, --table-prefix, --endpoint, --emulator and --layout.",
            "Exit codes: 0 done, 1 failed, 2 wrong command line, 3 found something to act on."
        },
        subcommands = {
            RunnersCommand.class,
            ParkedCommand.class,
            CheckpointCommand.class,
            EventsCommand.class,
            VerifyCommand.class,
            RepairCommand.class,
            IndexCommand.class
        })
final class EscqrsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** The version of the escqrs-cli jar, from its manifest when there is one. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = EscqrsCommand.class.getPackage().getImplementationVersion();
            return new String[] {"escqrs " + (version == null ? "(development build)" : version)};
        }
    }
}
