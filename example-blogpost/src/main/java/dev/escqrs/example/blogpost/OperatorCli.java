package dev.escqrs.example.blogpost;

import dev.escqrs.cli.EscqrsCli;
import dev.escqrs.core.privacy.DataKey;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.dynamodb.DynamoDbClients;
import dev.escqrs.dynamodb.StorageMode;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

import java.net.URI;
import java.util.Optional;

/**
 * The service's operator CLI, {@code scripts/escqrs}: escqrs's commands with the blog post's and the author's deciders
 * registered, so that {@code verify} compares each row with the fold of its events and {@code repair} rewrites it.
 * The tables default to the service's ({@code escqrs-example-}).
 *
 * <p>An author's profile is personal data, so the CLI's codec reads it with the service's data keys: those of the
 * tables the command line names, wrapped by the KMS key in {@value ServiceKeys#KMS_KEY_VARIABLE} (on an emulator,
 * {@code --endpoint}, the key the service made there). They are looked up only when a command meets personal data;
 * without a key to reach them such a command fails rather than read or rewrite an author as erased.
 */
public final class OperatorCli {
    private OperatorCli() {
    }

    /** The CLI of this service, with the data keys of the tables and KMS key that {@code args} and the environment name. */
    static EscqrsCli cli(String... args) {
        return EscqrsCli.builder()
                .aggregate(BlogPosts.BLOG_POST, new BlogPostDecider())
                .aggregate(Author.AUTHOR, Author.DECIDER)
                .codec(BlogPosts.codec(new KeysOfTheCommandLine(args, Optional.ofNullable(
                        System.getenv(ServiceKeys.KMS_KEY_VARIABLE)).filter(key -> !key.isBlank()))))
                .defaultTablePrefix(Options.DEFAULT_TABLE_PREFIX)
                .storage(StorageMode.ONE_ITEM, ServiceTables.ONE_ITEM)
                .build();
    }

    public static void main(String[] args) {
        System.exit(cli(args).run(args));
    }

    /**
     * The service's data keys for the connection {@code --endpoint}, {@code --emulator}, {@code --region} and
     * {@code --table-prefix} give, made at first use. The CLI takes its codec before it parses its command line, so
     * the options are read here from the same arguments.
     */
    private static final class KeysOfTheCommandLine implements DataKeys {
        private final String[] args;
        private final Optional<String> kmsKey;
        private DataKeys keys;

        KeysOfTheCommandLine(String[] args, Optional<String> kmsKey) {
            this.args = args.clone();
            this.kmsKey = kmsKey;
        }

        @Override
        public Optional<DataKey> find(String subject) {
            return keys().find(subject);
        }

        @Override
        public Optional<DataKey> findOrCreate(String subject) {
            return keys().findOrCreate(subject);
        }

        @Override
        public void forget(String subject) {
            keys().forget(subject);
        }

        private synchronized DataKeys keys() {
            if (keys == null) {
                Optional<URI> endpoint = option("--endpoint").map(URI::create);
                Optional<Region> region = option("--region").map(Region::of);
                if (endpoint.isEmpty() && kmsKey.isEmpty()) {
                    throw new IllegalStateException("this command reads an author's personal data: set "
                            + ServiceKeys.KMS_KEY_VARIABLE + " to the service's KMS key (deploy/template.yaml's "
                            + "PersonalDataKey)");
                }
                DynamoDbClients.Builder clients = DynamoDbClients.builder();
                endpoint.ifPresent(uri -> {
                    if (flag("--emulator")) {
                        clients.emulator(uri);
                    } else {
                        clients.endpoint(uri);
                    }
                });
                region.ifPresent(clients::region);
                String prefix = option("--table-prefix").orElse(Options.DEFAULT_TABLE_PREFIX);
                KmsClient kms = ServiceKeys.kmsClient(endpoint, region);
                keys = ServiceKeys.onDynamoDb(clients.build().dynamoDb(), kms, ServiceTables.named(prefix),
                        kmsKey.orElseGet(() -> ServiceKeys.localKey(kms, prefix)));
            }
            return keys;
        }

        /** The value of {@code --name VALUE} or {@code --name=VALUE}, as picocli reads it. */
        private Optional<String> option(String name) {
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals(name) && i + 1 < args.length) {
                    return Optional.of(args[i + 1]);
                }
                if (args[i].startsWith(name + "=")) {
                    return Optional.of(args[i].substring(name.length() + 1));
                }
            }
            return Optional.empty();
        }

        private boolean flag(String name) {
            return java.util.Arrays.asList(args).contains(name);
        }

        @Override
        public String toString() {
            return "the service's data keys of the command line's tables";
        }
    }
}
