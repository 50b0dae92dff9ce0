package dev.escqrs.example.blogpost;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line: {@code [demo] [--store memory|dynamodb] [--endpoint URL] [--region R] [--table-prefix P]
 * [--create-tables] [--host H] [--port N] [--auth dev|jwt] [--jwt-public-key FILE] [--jwt-issuer I]
 * [--jwt-audience A] [--repair TYPE ID] [--rebuild-read-model] [--read-model runner|lambda] [--feed index|stream]
 * [--indexer here|lambda] [--console-port N] [--console-host H] [--no-console] [--kms-key KEY]}; {@link Usage}
 * says what each does.
 *
 * @param indexFeed   on DynamoDB, the runners read the change-feed index ({@code --feed index}, the default), not the
 *                    events table's Stream
 * @param indexerHere this process runs the indexer, under a lease ({@code --indexer here}, the default with the index
 *                    feed); false where a Lambda indexes ({@code --indexer lambda}) or nothing reads the index here
 * @param kmsKey      on DynamoDB, the KMS key that wraps the authors' data keys ({@code --kms-key}, else the
 *                    environment's {@value #KMS_KEY_VARIABLE}); empty on an emulator, where the service makes its own
 */
record Options(
        boolean demo,
        String store,
        Optional<URI> endpoint,
        Optional<String> region,
        String tablePrefix,
        boolean createTables,
        String host,
        int port,
        Optional<String> auth,
        Optional<Path> jwtPublicKey,
        Optional<String> jwtIssuer,
        Optional<String> jwtAudience,
        Optional<Repair> repair,
        boolean rebuildReadModel,
        boolean readModelRunner,
        boolean indexFeed,
        boolean indexerHere,
        Optional<Console> console,
        Optional<String> kmsKey) {
    /** The environment variable that names the KMS key when {@code --kms-key} does not. */
    static final String KMS_KEY_VARIABLE = ServiceKeys.KMS_KEY_VARIABLE;

    /** The tables' prefix unless {@code --table-prefix} says otherwise (the service and its CLI alike). */
    static final String DEFAULT_TABLE_PREFIX = "escqrs-example-";

    /** The operator console's port unless {@code --console-port} says otherwise. */
    static final int DEFAULT_CONSOLE_PORT = 8081;

    /** Where the operator console listens ({@code --console-host}, {@code --console-port}). */
    record Console(String host, int port) {}

    /**
     * How many readers of the events table's Stream this process adds to the deployment, however many replicas run
     * it: the runners and the indexer each run under a lease, so one replica of several reads for each. The
     * published-posts runner and the author-stats runner on {@code --feed stream}, the indexer with
     * {@code --indexer here}; none in memory, with {@code --read-model lambda}, or when a Lambda indexes.
     * DynamoDB throttles a shard read by more than two (DeployTemplateTest counts them).
     */
    int streamReaders() {
        if (!store.equals("dynamodb") || !readModelRunner) {
            return 0;
        }
        return indexFeed ? (indexerHere ? 1 : 0) : 2;
    }

    /** {@code --repair TYPE ID}: rebuild one aggregate's row from its events, then exit. */
    record Repair(String type, String id) {}

    /** The command line alone, as in a test: no environment variable is read. */
    static Options parse(String[] args) {
        return parse(args, Map.of());
    }

    /** The command line, with {@value #KMS_KEY_VARIABLE} from {@code env} where {@code --kms-key} is not given. */
    static Options parse(String[] args, Map<String, String> env) {
        boolean demo = false;
        String store = "memory";
        URI endpoint = null;
        String region = null;
        String prefix = DEFAULT_TABLE_PREFIX;
        boolean createTables = false;
        String host = "127.0.0.1";
        int port = 8080;
        String auth = null;
        Path jwtPublicKey = null;
        String jwtIssuer = null;
        String jwtAudience = null;
        Repair repair = null;
        boolean rebuild = false;
        String readModel = "runner";
        String feed = null;
        String indexer = null;
        int consolePort = DEFAULT_CONSOLE_PORT;
        String consoleHost = "127.0.0.1";
        boolean console = true;
        String kmsKey = null;
        List<String> rest = new ArrayList<>(List.of(args));
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            switch (arg) {
                case "demo" -> demo = true;
                case "--store" -> store = value(rest, ++i, arg);
                case "--endpoint" -> endpoint = uri(value(rest, ++i, arg));
                case "--region" -> region = value(rest, ++i, arg);
                case "--table-prefix" -> prefix = value(rest, ++i, arg);
                case "--create-tables" -> createTables = true;
                case "--host" -> host = value(rest, ++i, arg);
                case "--port" -> port = port(value(rest, ++i, arg), arg);
                case "--auth" -> auth = value(rest, ++i, arg);
                case "--jwt-public-key" -> jwtPublicKey = Path.of(value(rest, ++i, arg));
                case "--jwt-issuer" -> jwtIssuer = value(rest, ++i, arg);
                case "--jwt-audience" -> jwtAudience = value(rest, ++i, arg);
                case "--rebuild-read-model" -> rebuild = true;
                case "--read-model" -> readModel = value(rest, ++i, arg);
                case "--feed" -> feed = value(rest, ++i, arg);
                case "--indexer" -> indexer = value(rest, ++i, arg);
                case "--console-port" -> consolePort = port(value(rest, ++i, arg), arg);
                case "--console-host" -> consoleHost = value(rest, ++i, arg);
                case "--no-console" -> console = false;
                case "--kms-key" -> kmsKey = value(rest, ++i, arg);
                case "--repair" -> {
                    String type = value(rest, ++i, arg);
                    if (!type.equals("BlogPost")) {
                        throw new IllegalArgumentException("--repair knows the type BlogPost, got " + type);
                    }
                    repair = new Repair(type, value(rest, ++i, arg));
                }
                case "--help", "-h" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        if (!store.equals("memory") && !store.equals("dynamodb")) {
            throw new IllegalArgumentException("--store must be memory or dynamodb, got " + store);
        }
        if (auth != null && !auth.equals("dev") && !auth.equals("jwt")) {
            throw new IllegalArgumentException("--auth must be dev or jwt, got " + auth);
        }
        if ("dev".equals(auth) && (jwtPublicKey != null || jwtIssuer != null || jwtAudience != null)) {
            throw new IllegalArgumentException("--jwt-public-key, --jwt-issuer and --jwt-audience go with --auth jwt");
        }
        if (!readModel.equals("runner") && !readModel.equals("lambda")) {
            throw new IllegalArgumentException("--read-model must be runner or lambda, got " + readModel);
        }
        if (readModel.equals("lambda") && (store.equals("memory") || rebuild)) {
            throw new IllegalArgumentException(
                    "--read-model lambda needs --store dynamodb, and a rebuild is the runner's job");
        }
        if (feed != null && !feed.equals("index") && !feed.equals("stream")) {
            throw new IllegalArgumentException("--feed must be index or stream, got " + feed);
        }
        if (indexer != null && !indexer.equals("here") && !indexer.equals("lambda")) {
            throw new IllegalArgumentException("--indexer must be here or lambda, got " + indexer);
        }
        if ((feed != null || indexer != null) && (store.equals("memory") || readModel.equals("lambda"))) {
            throw new IllegalArgumentException("--feed and --indexer are for the runners of this service on DynamoDB "
                    + "(--store dynamodb, --read-model runner); in memory the store is its own feed");
        }
        if (indexer != null && "stream".equals(feed)) {
            throw new IllegalArgumentException("--indexer writes the index, which --feed stream does not read");
        }
        if (console && consolePort != 0 && consolePort == port) {
            throw new IllegalArgumentException("--console-port must differ from --port, both are " + port);
        }
        if (store.equals("memory") && (endpoint != null || createTables || kmsKey != null)) {
            throw new IllegalArgumentException("--endpoint, --create-tables and --kms-key need --store dynamodb");
        }
        if (store.equals("dynamodb") && kmsKey == null) {
            kmsKey = Optional.ofNullable(env.get(KMS_KEY_VARIABLE))
                    .filter(v -> !v.isBlank())
                    .orElse(null);
        }
        boolean runners = store.equals("dynamodb") && readModel.equals("runner");
        boolean indexFeed = runners && !"stream".equals(feed);
        return new Options(
                demo,
                store,
                Optional.ofNullable(endpoint),
                Optional.ofNullable(region),
                prefix,
                createTables || endpoint != null,
                host,
                port,
                Optional.ofNullable(auth),
                Optional.ofNullable(jwtPublicKey),
                Optional.ofNullable(jwtIssuer),
                Optional.ofNullable(jwtAudience),
                Optional.ofNullable(repair),
                rebuild,
                readModel.equals("runner"),
                indexFeed,
                indexFeed && !"lambda".equals(indexer),
                console ? Optional.of(new Console(consoleHost, consolePort)) : Optional.empty(),
                Optional.ofNullable(kmsKey));
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.get(i);
    }

    private static URI uri(String value) {
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--endpoint must be a URL like http://127.0.0.1:5000, got " + value);
        }
    }

    private static int port(String value, String flag) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number from 0 to 65535, got " + value);
        }
    }
}
