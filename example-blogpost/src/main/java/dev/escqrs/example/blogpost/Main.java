package dev.escqrs.example.blogpost;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.util.Modules;
import dev.escqrs.console.OperatorConsole;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.dynamodb.DynamoDbLeases;
import dev.escqrs.dynamodb.DynamoDbModule;
import dev.escqrs.dynamodb.DynamoDbReactionLedger;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.feed.DynamoDbIndexer;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.app.AuthorStats;
import dev.escqrs.example.blogpost.app.BlogPostModule;
import dev.escqrs.example.blogpost.app.BlogPostService;
import dev.escqrs.example.blogpost.app.InProcessIndexer;
import dev.escqrs.example.blogpost.app.ReadModel;
import dev.escqrs.example.blogpost.app.Replica;
import dev.escqrs.example.blogpost.app.Workflows;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.http.Authentication;
import dev.escqrs.example.blogpost.http.BlogPostHttpServer;
import dev.escqrs.example.blogpost.ops.ServiceMetrics;
import dev.escqrs.example.blogpost.readmodel.DynamoDbPublishedPosts;
import dev.escqrs.example.blogpost.readmodel.InMemoryPublishedPosts;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import dev.escqrs.inmemory.InMemoryModule;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kms.KmsClient;

/** Starts the blog post service (or runs the demo) on the store the flags choose. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        // Guice generates no classes at run time (the service uses no AOP), so it never calls sun.misc.Unsafe, which
        // JDK 24+ warns about on every start; an explicit -Dguice_bytecode_gen_option wins
        if (System.getProperty("guice_bytecode_gen_option") == null) {
            System.setProperty("guice_bytecode_gen_option", "DISABLED");
        }
        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.println(Options.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        Authentication auth;
        try {
            auth = options.demo() || options.repair().isPresent() ? null : authentication(options, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        Injector injector;
        try {
            ServiceMetrics metrics = new ServiceMetrics();
            injector =
                    Guice.createInjector(new BlogPostModule(metrics), storeModule(options, b -> b.observer(metrics)));
            injector.getInstance(BlogPostService.class);
        } catch (RuntimeException e) {
            // a missing region or credentials, an unreachable endpoint: one line, not a Guice stack dump
            System.err.println("cannot start: " + rootMessage(e));
            System.exit(1);
            return;
        }
        BlogPostService service = injector.getInstance(BlogPostService.class);
        if (options.repair().isPresent()) {
            Options.Repair repair = options.repair().get();
            var repaired = service.repair(repair.id());
            System.out.printf(
                    "%s %s: row rewritten from its %d events%n", repair.type(), repair.id(), repaired.version());
            return;
        }
        if (options.demo()) {
            Demo.run(service, System.out);
            return;
        }
        ReadModel readModel = injector.getInstance(ReadModel.class);
        Workflows workflows = injector.getInstance(Workflows.class);
        InProcessIndexer indexer = injector.getInstance(InProcessIndexer.class);
        if (options.readModelRunner()) {
            indexer.start();
            readModel.start(options.rebuildReadModel());
            workflows.start();
        }
        try (BlogPostHttpServer server = new BlogPostHttpServer(
                                service, auth, options.host(), options.port(), System.out::println)
                        .start();
                OperatorConsole console = options.console()
                        .map(where -> console(where, auth, readModel, workflows, injector.getInstance(Parking.class))
                                .start())
                        .orElse(null)) {
            System.out.printf(
                    "blog post service on http://%s:%d (store: %s, auth: %s)%n",
                    server.address().getAddress().getHostAddress(),
                    server.port(),
                    describe(options),
                    auth.description());
            if (console != null) {
                System.out.printf(
                        "operator console on %s (a token with \"%s\": [\"%s\"])%n",
                        console.uri(), Authentication.ROLES_CLAIM, Authentication.OPERATOR_ROLE);
            }
            if (auth.isDevelopment()) {
                System.out.println(
                        "!!! DEVELOPMENT AUTH: any X-Actor-Id is trusted and the tokens below are signed with a"
                                + " key made at start.\n!!! It serves loopback only; anywhere else, run with --auth jwt and a real key.");
                // OLIVIA is an operator: the console, and DELETE /authors/{id}
                System.out.println("paste:  export ALICE=" + auth.developmentToken("alice")
                        + " BOB=" + auth.developmentToken("bob")
                        + " OLIVIA=" + auth.developmentToken("olivia", Authentication.OPERATOR_ROLE));
                if (console != null) {
                    System.out.println(
                            "console: log in with  " + auth.developmentToken("olivia", Authentication.OPERATOR_ROLE));
                }
                System.out.println("try:    curl -i -X POST localhost:" + server.port()
                        + "/posts -H \"Authorization: Bearer $ALICE\""
                        + " -H 'Content-Type: application/json' -d '{\"title\": \"Hello\"}'");
            }
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        } finally {
            workflows.close();
            readModel.close();
            indexer.close();
        }
    }

    /**
     * The operator console of this service: the read model's and the workflows' runners (from their parking when
     * they run elsewhere, {@code --read-model lambda}), for tokens with the operator role; not yet started.
     */
    static OperatorConsole console(
            Options.Console where, Authentication auth, ReadModel readModel, Workflows workflows, Parking parking) {
        return OperatorConsole.builder()
                .authenticator(auth.operators())
                .runner(PublishedPosts.NAME, readModel::running)
                .runner(AuthorStats.NAME, workflows::running)
                .parking(parking)
                .address(where.host())
                .port(where.port())
                .build();
    }

    /**
     * Who may write, from the flags and the environment ({@code ESCQRS_JWT_SECRET}): JWT when a key is given, else
     * development auth, which is refused on any interface but loopback.
     */
    static Authentication authentication(Options options, Map<String, String> env) {
        Optional<String> secret =
                Optional.ofNullable(env.get("ESCQRS_JWT_SECRET")).filter(v -> !v.isEmpty());
        boolean keyed = secret.isPresent() || options.jwtPublicKey().isPresent();
        String mode = options.auth().orElse(keyed ? "jwt" : "dev");
        if (mode.equals("dev")) {
            if (!isLoopback(options.host())) {
                throw new IllegalArgumentException(
                        ("development auth trusts any X-Actor-Id, so it serves loopback only, "
                                        + "not --host %s. Give a key (ESCQRS_JWT_SECRET, or --jwt-public-key FILE) for --auth jwt")
                                .formatted(options.host()));
            }
            return Authentication.development();
        }
        if (secret.isPresent() == options.jwtPublicKey().isPresent()) {
            throw new IllegalArgumentException(
                    secret.isPresent()
                            ? "give one key: ESCQRS_JWT_SECRET (HS256) or --jwt-public-key (RS256/ES256), not both"
                            : "--auth jwt needs a key: ESCQRS_JWT_SECRET (HS256, at least 32 bytes) or --jwt-public-key FILE (PEM)");
        }
        if (secret.isPresent()) {
            return Authentication.sharedSecret(
                    secret.get().getBytes(StandardCharsets.UTF_8), options.jwtIssuer(), options.jwtAudience());
        }
        Path file = options.jwtPublicKey().get();
        String pem;
        try {
            pem = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --jwt-public-key " + file + ": " + e.getMessage());
        }
        return Authentication.publicKey(Authentication.parsePublicKey(pem), options.jwtIssuer(), options.jwtAudience());
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host " + host + " is not an address of this machine");
        }
    }

    /** The store is the one thing that changes between runs: a module, nothing else. */
    static Module storeModule(Options options) {
        return storeModule(options, b -> {});
    }

    /** As above, with a last say over the DynamoDB module (tests share one HTTP connection for moto). */
    static Module storeModule(Options options, java.util.function.Consumer<DynamoDbModule.Builder> customize) {
        if (options.store().equals("memory")) {
            // the store is its own change feed, and each process has its own: every runner runs where it is started
            return Modules.combine(new InMemoryModule(), binder -> {
                binder.bind(PublishedPosts.class)
                        .to(InMemoryPublishedPosts.class)
                        .in(Singleton.class);
                binder.bind(ReactionLedger.class).toInstance(ReactionLedger.inMemory());
                binder.bind(Replica.class).toInstance(Replica.alone());
                binder.bind(InProcessIndexer.class).toInstance(InProcessIndexer.none());
                // the keys live as long as the events: both are gone when the process ends
                binder.bind(DataKeys.class).toInstance(DataKeys.inMemory());
            });
        }
        TableNames tables = ServiceTables.named(options.tablePrefix());
        DynamoDbModule.Builder dynamo = DynamoDbModule.builder()
                .tables(tables)
                .badRecords(BadRecords.PARK); // as the runners' specs: an event they cannot decode parks its post
        if (options.indexFeed()) {
            dynamo.indexFeed(); // and --create-tables creates the index table
        }
        // an endpoint is an emulator here: one request at a time (moto loses writes when requests overlap), and no
        // region or credentials to configure
        options.endpoint().ifPresent(dynamo::emulator);
        options.region().ifPresent(region -> dynamo.region(Region.of(region)));
        if (options.createTables()) {
            dynamo.createTables(BlogPosts.ALL_NAMES);
        }
        customize.accept(dynamo);
        String readModelTable = options.tablePrefix() + DynamoDbPublishedPosts.TABLE_SUFFIX;
        String ledgerTable = options.tablePrefix() + AuthorStats.NAME;
        return Modules.combine(dynamo.build(), new AbstractModule() {
            @Provides
            @Singleton
            PublishedPosts publishedPosts(DynamoDbClient client) {
                if (options.createTables()) {
                    DynamoDbPublishedPosts.createTable(client, readModelTable);
                }
                return new DynamoDbPublishedPosts(client, readModelTable);
            }

            /**
             * The authors' data keys in the keys table, wrapped by the KMS key of {@code --kms-key} (or
             * $ESCQRS_KMS_KEY_ID); on an emulator without one, by a key the service makes there under an alias of
             * the table prefix. With {@code --create-tables}, the keys table is created too.
             */
            @Provides
            @Singleton
            DataKeys dataKeys(DynamoDbClient client, DynamoDbTables created) {
                if (options.kmsKey().isEmpty() && options.endpoint().isEmpty()) {
                    throw new IllegalStateException(
                            "on AWS the authors' personal data needs a KMS key: give --kms-key KEY " + "or set "
                                    + ServiceKeys.KMS_KEY_VARIABLE + " (deploy/template.yaml's PersonalDataKey)");
                }
                if (options.createTables()) {
                    created.createKeysTable();
                }
                KmsClient kms = ServiceKeys.kmsClient(
                        options.endpoint(), options.region().map(Region::of));
                String key = options.kmsKey().orElseGet(() -> ServiceKeys.localKey(kms, options.tablePrefix()));
                return ServiceKeys.onDynamoDb(client, kms, tables, key);
            }

            @Provides
            @Singleton
            ReactionLedger authorStatsLedger(DynamoDbClient client) {
                if (options.createTables()) {
                    DynamoDbReactionLedger.createTable(client, ledgerTable);
                }
                return new DynamoDbReactionLedger(client, ledgerTable);
            }

            /** The service's tasks share the durable runners through leases in the checkpoint table. */
            @Provides
            @Singleton
            Replica replica(DynamoDbClient client, DynamoDbTables created) {
                return Replica.among(new DynamoDbLeases(client, tables));
            }

            @Provides
            @Singleton
            InProcessIndexer indexer(
                    DynamoDbClient client, DynamoDbStreamsClient streams, DynamoDbTables created, Replica replica) {
                if (!options.indexerHere()) {
                    return InProcessIndexer.none();
                }
                // SKIP as IndexerLambda: a record that holds no event (a hand edit) is logged, not a stop of the index.
                // The default poll (500 ms): two GetRecords a second per shard, well below what a shard serves
                return InProcessIndexer.of(DynamoDbIndexer.builder(client, streams, tables)
                        .badRecords(BadRecords.SKIP)
                        .lease(replica.leases().orElseThrow(), replica.name(), Replica.LEASE)
                        .build());
            }
        });
    }

    /** The innermost message: Guice wraps what a provider threw in its own exceptions. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message =
                e instanceof IllegalStateException && e.getMessage() != null ? e.getMessage() : root.getMessage();
        return message == null
                ? root.getClass().getSimpleName()
                : message.lines().findFirst().orElse(message);
    }

    private static String describe(Options options) {
        if (options.store().equals("memory")) {
            return "memory";
        }
        String readSide = !options.readModelRunner()
                ? "read side on Lambda"
                : !options.indexFeed()
                        ? "runners on the Stream"
                        : options.indexerHere()
                                ? "runners on the index, indexer here"
                                : "runners on the index, indexer on Lambda";
        return "dynamodb " + options.endpoint().map(Object::toString).orElse("(AWS)") + ", tables "
                + options.tablePrefix() + "*, " + readSide;
    }
}
