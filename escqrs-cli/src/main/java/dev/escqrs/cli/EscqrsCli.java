package dev.escqrs.cli;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.dynamodb.table.StorageMode;
import java.lang.reflect.Constructor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The operator CLI ({@code scripts/escqrs}) for an application's DynamoDB tables: {@code runners},
 * {@code parked list|show|retry|skip}, {@code checkpoint get|set|reset}, {@code events TYPE ID}, {@code verify} and
 * {@code repair}. Verifying and repairing rows needs the fold of their events, which needs the application's
 * deciders, so the application builds the CLI from its own {@code main}:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     System.exit(EscqrsCli.builder().aggregate(BLOG_POST, new BlogPostDecider()).defaultTablePrefix("blog-")
 *             .build().run(args));
 * }
 * }</pre>
 *
 * <p>A type with a decider is verified field by field against the fold of its events and repaired from them; a type
 * the events table holds but no decider was registered for is verified by what needs no code (the row's version and
 * last event id against the newest event), and listed, not repaired. {@link #main} is the CLI with no decider.
 *
 * <p>Exit codes of {@link #run}: 0 done and nothing to report, 1 the command failed (one line on standard error:
 * a missing table, no credentials), 2 a wrong command line, 3 the command ran and found something to act on
 * (verify: rows that disagree; repair: rows left; {@code checkpoint get}: no checkpoint; {@code events}: no event;
 * {@code runners} and {@code parked list}: parked aggregates; {@code parked show|retry|skip}: not parked).
 * Instances are immutable and may run any number of commands.
 */
public final class EscqrsCli {
    private final Application application;

    private EscqrsCli(Application application) {
        this.application = application;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The CLI without any decider: every command works; verify checks versions and event ids only. */
    public static void main(String[] args) {
        System.exit(builder().build().run(args));
    }

    /** Runs one command line, writing to standard output and error; returns the exit code. */
    public int run(String... args) {
        return commandLine().execute(args);
    }

    /**
     * A new picocli command line of this CLI (to run with other writers, as tests do with {@code setOut} and
     * {@code setErr}, or to add a command group with {@code addSubcommand}).
     */
    public CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(EscqrsCommand.class, new Factory(application));
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            if (e instanceof CliFailure
                    || e instanceof EscqrsException
                    || e instanceof SdkException
                    || e instanceof IllegalStateException) {
                cl.getErr().println("escqrs: " + e.getMessage());
            } else {
                e.printStackTrace(cl.getErr());
            }
            cl.getErr().flush();
            return ExitCodes.FAILED;
        });
        return commandLine;
    }

    /** Creates the commands, handing the {@link Application} to those whose constructor takes it. */
    private record Factory(Application application) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == Application.class) {
                    return type.cast(constructor.newInstance(application));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    /** Collects the application's aggregate types and deciders. */
    public static final class Builder {
        private final Map<String, Registered<?, ?, ?>> aggregates = new LinkedHashMap<>();
        private JsonCodec codec;
        private String defaultTablePrefix;
        private final Map<String, StorageMode> storage = new LinkedHashMap<>();

        private Builder() {}

        /**
         * An aggregate type and its decider: its rows are verified against the fold of their events and repaired from
         * them.
         *
         * @throws IllegalArgumentException a type of the same name is registered already
         */
        public <C, E, S> Builder aggregate(AggregateType<E, S> type, Decider<C, E, S> decider) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(decider, "decider");
            if (aggregates.putIfAbsent(type.name(), new Registered<>(type, decider)) != null) {
                throw new IllegalArgumentException("aggregate type %s is registered twice".formatted(type.name()));
            }
            return this;
        }

        /**
         * The codec of the events (default: {@code JsonCodec.of} every registered type); give the application's own
         * when it has upcasters or a configured mapper.
         */
        public Builder codec(JsonCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** The table prefix when {@code --table-prefix} is not given (default: none, the option is required). */
        public Builder defaultTablePrefix(String prefix) {
            this.defaultTablePrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * How the application stores these aggregate types (as its {@code TableNames.withStorage} says): in one-item
         * mode their state is on the newest event, and {@code verify} and {@code repair} check and rewrite it there.
         * {@code --one-item} and {@code --two-item} override it for a run.
         */
        public Builder storage(StorageMode mode, String... aggregateNames) {
            Objects.requireNonNull(mode, "mode");
            for (String name : aggregateNames) {
                storage.put(Objects.requireNonNull(name, "aggregateName"), mode);
            }
            return this;
        }

        public EscqrsCli build() {
            JsonCodec resolved = codec != null
                    ? codec
                    : JsonCodec.of(
                            aggregates.values().stream().map(Registered::type).toArray(AggregateType<?, ?>[]::new));
            return new EscqrsCli(
                    new Application(aggregates, resolved, Optional.ofNullable(defaultTablePrefix), storage));
        }
    }
}
