package dev.escqrs.cli;

import dev.escqrs.dynamodb.DynamoDbClients;
import dev.escqrs.dynamodb.DynamoDbDataKeys;
import dev.escqrs.dynamodb.table.ItemLayout;
import dev.escqrs.dynamodb.table.StorageMode;
import dev.escqrs.dynamodb.table.TableNames;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where the tables are: the options every command takes (a picocli mixin, so a command group added later takes the
 * same ones by declaring {@code @Mixin ConnectionOptions connection}).
 */
final class ConnectionOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            description = "The AWS region (default: the SDK's region chain; us-east-1 with --endpoint).")
    String region;

    @Option(
            names = "--table-prefix",
            paramLabel = "PREFIX",
            description = "The tables are PREFIXevents, PREFIX<AggregateType> and PREFIXcheckpoints "
                    + "(default: the application's, if it set one).")
    String tablePrefix;

    @Option(
            names = "--endpoint",
            paramLabel = "URL",
            description = "A DynamoDB-compatible server instead of AWS (fixed local credentials).")
    URI endpoint;

    @Option(
            names = "--emulator",
            description = "The --endpoint is an emulator such as moto: send one request at a time over one connection"
                    + " (moto loses acknowledged writes when requests overlap).")
    boolean emulator;

    @Option(
            names = "--kms-key",
            paramLabel = "KEY",
            defaultValue = "${env:ESCQRS_KMS_KEY_ID}",
            description = "The KMS key (id, ARN or alias) that wraps the data keys of personal data: 'verify' and "
                    + "'repair' then decrypt it with the keys in PREFIXevents-keys (default: $ESCQRS_KMS_KEY_ID, else "
                    + "the application's codec).")
    String kmsKey;

    @Option(
            names = "--layout",
            paramLabel = "LAYOUT",
            defaultValue = "COMPACT",
            description =
                    "The tables' item layout: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; DESCRIPTIVE for"
                            + " tables created before the compact layout).")
    ItemLayout layout;

    @Option(
            names = "--one-item",
            paramLabel = "TYPE",
            split = ",",
            description =
                    "Aggregate types stored in one-item mode (their state on the newest event), besides those the "
                            + "application declares.")
    List<String> oneItem = List.of();

    @Option(
            names = "--two-item",
            paramLabel = "TYPE",
            split = ",",
            description =
                    "Aggregate types stored in two-item mode (the default), whatever the application declares: "
                            + "after switching a type back, 'repair' brings its rows up to date and removes its one-item marker.")
    List<String> twoItem = List.of();

    /**
     * The tables, from {@code --table-prefix} or else the application's default prefix, each type in the storage mode
     * the application declares unless {@code --one-item} or {@code --two-item} say otherwise.
     */
    TableNames tables(Application application) {
        Optional<String> defaultPrefix = application.defaultPrefix();
        String prefix = Optional.ofNullable(tablePrefix)
                .or(() -> defaultPrefix)
                .orElseThrow(() -> new ParameterException(
                        mixee.commandLine(),
                        "Missing required option: '--table-prefix=PREFIX' "
                                + "(the tables are PREFIXevents, PREFIX<AggregateType>, PREFIXcheckpoints)"));
        try {
            TableNames tables = TableNames.withPrefix(prefix).withLayout(layout);
            for (var declared : application.storage().entrySet()) {
                tables = tables.withStorage(declared.getValue(), declared.getKey());
            }
            if (!oneItem.isEmpty()) {
                tables = tables.withStorage(StorageMode.ONE_ITEM, oneItem.toArray(String[]::new));
            }
            if (!twoItem.isEmpty()) {
                tables = tables.withStorage(StorageMode.TWO_ITEM, twoItem.toArray(String[]::new));
            }
            return tables;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    mixee.commandLine(), "--table-prefix '%s': %s".formatted(prefix, e.getMessage()));
        }
    }

    /**
     * The application, its codec decrypting personal data with the data keys of {@code tables} when {@code --kms-key}
     * is given (the KMS client lives as long as the process).
     */
    Application application(Application application, DynamoDbClient client, TableNames tables) {
        if (kmsKey == null || kmsKey.isBlank()) {
            return application;
        }
        return application.withCodec(application
                .codec()
                .withPersonalData(DynamoDbDataKeys.builder(client, clients().kms(), tables, kmsKey)
                        .build()));
    }

    /** A new client (the caller closes it). */
    DynamoDbClient client() {
        return clients().dynamoDb();
    }

    private DynamoDbClients clients() {
        if (emulator && endpoint == null) {
            throw new ParameterException(mixee.commandLine(), "--emulator needs the emulator's --endpoint URL");
        }
        DynamoDbClients.Builder clients = DynamoDbClients.builder();
        if (endpoint != null) {
            if (emulator) {
                clients.emulator(endpoint);
            } else {
                clients.endpoint(endpoint);
            }
        }
        if (region != null) {
            clients.region(Region.of(region));
        }
        return clients.build();
    }
}
