package dev.escqrs.example.blogpost;

import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.dynamodb.DynamoDbClients;
import dev.escqrs.dynamodb.DynamoDbDataKeys;
import dev.escqrs.dynamodb.table.TableNames;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * The keys of the authors' personal data on DynamoDB, one definition for the service, its Lambdas and its operator
 * CLI: a data key per author in the keys table ({@code <prefix>events-keys}), wrapped by a KMS key that the deployment
 * names in {@value #KMS_KEY_VARIABLE} (deploy/template.yaml makes it), behind {@code DynamoDbDataKeys}' cache (five
 * minutes: how long another process may still read an author forgotten here). On an emulator such as moto the
 * service makes a key of its own, under {@link #localAlias}, as it makes its tables.
 */
public final class ServiceKeys {
    /** The environment variable that names the KMS key (its id, ARN or alias) of the service, its Lambdas and CLI. */
    public static final String KMS_KEY_VARIABLE = "ESCQRS_KMS_KEY_ID";

    private ServiceKeys() {}

    /** The data keys in the keys table of {@code tables}, wrapped by {@code kmsKeyId}, behind a cache. */
    public static DataKeys onDynamoDb(DynamoDbClient client, KmsClient kms, TableNames tables, String kmsKeyId) {
        return DynamoDbDataKeys.builder(client, kms, tables, kmsKeyId).build();
    }

    /** The KMS key in {@value #KMS_KEY_VARIABLE}; an error that says what to set when it is missing. */
    public static String kmsKeyFromEnvironment() {
        String key = System.getenv(KMS_KEY_VARIABLE);
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("set " + KMS_KEY_VARIABLE + " to the KMS key (id, ARN or alias) that wraps "
                    + "the authors' data keys (deploy/template.yaml's PersonalDataKey)");
        }
        return key;
    }

    /**
     * A KMS client: for {@code endpoint} (an emulator) with the fixed local credentials escqrs's DynamoDB clients use
     * there, else for AWS with the SDK's chains; in {@code region}, else the emulator's {@link
     * DynamoDbClients#LOCAL_REGION} or the chain's.
     */
    public static KmsClient kmsClient(Optional<URI> endpoint, Optional<Region> region) {
        KmsClientBuilder builder = KmsClient.builder().httpClientBuilder(Apache5HttpClient.builder());
        endpoint.ifPresent(uri -> builder.endpointOverride(uri)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .region(region.orElse(DynamoDbClients.LOCAL_REGION)));
        if (endpoint.isEmpty()) {
            region.ifPresent(builder::region);
        }
        return builder.build();
    }

    /** The alias of the key the service makes on an emulator: {@code alias/<prefix>personal-data}. */
    static String localAlias(String tablePrefix) {
        // a table prefix may hold '.', which an alias may not
        return "alias/" + tablePrefix.replaceAll("[^A-Za-z0-9/_-]", "-") + "personal-data";
    }

    /**
     * The id of the key under {@link #localAlias} on an emulator's KMS, made with its alias when there is none (as
     * {@code --create-tables} makes the tables), so that a restart on the same tables unwraps the keys it stored. Never
     * for AWS, where the deployment owns the key.
     */
    static String localKey(KmsClient kms, String tablePrefix) {
        String alias = localAlias(tablePrefix);
        try {
            return kms.describeKey(b -> b.keyId(alias)).keyMetadata().keyId();
        } catch (NotFoundException missing) {
            String made = kms.createKey(b -> b.description("escqrs example: personal data keys of " + tablePrefix))
                    .keyMetadata()
                    .keyId();
            try {
                kms.createAlias(b -> b.aliasName(alias).targetKeyId(made));
                return made;
            } catch (AlreadyExistsException another) {
                // another replica made it first: its key is the one the stored data keys are wrapped with
                return kms.describeKey(b -> b.keyId(alias)).keyMetadata().keyId();
            }
        }
    }
}
