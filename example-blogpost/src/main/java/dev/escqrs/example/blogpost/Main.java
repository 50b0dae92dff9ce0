package dev.escqrs.example.blogpost;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.escqrs.console.OperatorConsole;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.example.blogpost.app.AuthorStats;
import dev.escqrs.example.blogpost.app.BlogPostModule;
import dev.escqrs.example.blogpost.app.BlogPostService;
import dev.escqrs.example.blogpost.app.InProcessIndexer;
import dev.escqrs.example.blogpost.app.ReadModel;
import dev.escqrs.example.blogpost.app.Workflows;
import dev.escqrs.example.blogpost.http.Authentication;
import dev.escqrs.example.blogpost.http.BlogPostHttpServer;
import dev.escqrs.example.blogpost.ops.ServiceMetrics;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the blog post service (or runs the demo) on the store the flags choose. The flags are {@link Options}; who
 * may write, {@link ServiceAuthentication}; the store, {@link StoreModules}; the application, {@link BlogPostModule};
 * the HTTP API, {@link BlogPostHttpServer}.
 */
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
            System.err.println(Usage.TEXT);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        Authentication auth;
        try {
            auth = options.demo() || options.repair().isPresent()
                    ? null
                    : ServiceAuthentication.from(options, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        Injector injector;
        try {
            ServiceMetrics metrics = new ServiceMetrics();
            injector = Guice.createInjector(
                    new BlogPostModule(metrics), StoreModules.of(options, b -> b.observer(metrics)));
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
