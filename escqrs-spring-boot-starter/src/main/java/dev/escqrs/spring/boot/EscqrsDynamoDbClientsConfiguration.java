package dev.escqrs.spring.boot;

import dev.escqrs.core.port.RequestObserver;
import dev.escqrs.dynamodb.DynamoDbClients;
import dev.escqrs.dynamodb.table.StorageMode;
import dev.escqrs.dynamodb.table.TableNames;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Where the DynamoDB store is and how it is reached, imported by {@link EscqrsDynamoDbAutoConfiguration} (and so only
 * with {@code escqrs.store=dynamodb}): the {@link TableNames} of {@code escqrs.dynamodb.table-prefix}, and the clients
 * built by {@link DynamoDbClients} from the {@code escqrs.dynamodb.*} properties, their requests reported to every
 * {@link RequestObserver} bean. An application that declares its own bean of one of these types gets it used instead.
 */
@Configuration(proxyBeanMethods = false)
class EscqrsDynamoDbClientsConfiguration {
    // the auto-configuration's category, where the warning was logged before this class was split from it
    private static final Log LOG = LogFactory.getLog(EscqrsDynamoDbAutoConfiguration.class);

    /** An endpoint of AWS itself (a regional, FIPS or VPC endpoint): no emulator, no warning. */
    static boolean isAws(URI endpoint) {
        String host = endpoint.getHost() == null ? "" : endpoint.getHost().toLowerCase(Locale.ROOT);
        return host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn") || host.endsWith(".api.aws");
    }

    @Bean
    @ConditionalOnMissingBean
    TableNames escqrsTableNames(EscqrsProperties properties) {
        EscqrsDynamoDbProperties dynamodb = properties.getDynamodb();
        if (dynamodb.getTablePrefix() == null || dynamodb.getTablePrefix().isBlank()) {
            throw new EscqrsConfigurationException(
                    "escqrs.store=dynamodb needs escqrs.dynamodb.table-prefix",
                    "set escqrs.dynamodb.table-prefix to the prefix of the tables the deployment made (e.g. blog-, "
                            + "for blog-events and blog-BlogPost)");
        }
        TableNames names = TableNames.withPrefix(dynamodb.getTablePrefix()).withLayout(dynamodb.getLayout());
        if (!dynamodb.getOneItem().isEmpty()) {
            names = names.withStorage(
                    StorageMode.ONE_ITEM, dynamodb.getOneItem().toArray(String[]::new));
        }
        return dynamodb.getEventsByNameShards() > 0 ? names.withEventsByName(dynamodb.getEventsByNameShards()) : names;
    }

    @Bean
    @ConditionalOnMissingBean
    DynamoDbClients escqrsDynamoDbClients(EscqrsProperties properties, ObjectProvider<RequestObserver> observers) {
        EscqrsDynamoDbProperties dynamodb = properties.getDynamodb();
        DynamoDbClients.Builder builder = DynamoDbClients.builder();
        if (dynamodb.getEndpoint() != null) {
            if (dynamodb.isEmulator()) {
                builder.emulator(dynamodb.getEndpoint());
            } else {
                if (!isAws(dynamodb.getEndpoint())) {
                    LOG.warn(("escqrs.dynamodb.endpoint=%s is set without escqrs.dynamodb.emulator: if it is an "
                                    + "emulator such as moto, set escqrs.dynamodb.emulator=true, or it may lose acknowledged "
                                    + "writes when requests overlap (the emulator setting sends one request at a time); a "
                                    + "server that takes concurrent requests as DynamoDB does needs nothing")
                            .formatted(dynamodb.getEndpoint()));
                }
                builder.endpoint(dynamodb.getEndpoint());
            }
        } else if (dynamodb.isEmulator()) {
            throw new EscqrsConfigurationException(
                    "escqrs.dynamodb.emulator=true needs escqrs.dynamodb.endpoint",
                    "set escqrs.dynamodb.endpoint to the emulator's address (e.g. http://127.0.0.1:5000), or remove "
                            + "escqrs.dynamodb.emulator to use AWS");
        }
        if (dynamodb.getRegion() != null && !dynamodb.getRegion().isBlank()) {
            builder.region(Region.of(dynamodb.getRegion()));
        }
        // every RequestObserver bean: the meters, the tracing's, the application's own
        List<RequestObserver> told = observers.orderedStream().toList();
        if (!told.isEmpty()) {
            builder.observer((operation, failed, took) -> told.forEach(o -> o.request(operation, failed, took)));
        }
        return builder.build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    DynamoDbClient escqrsDynamoDbClient(DynamoDbClients clients) {
        return clients.dynamoDb();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    DynamoDbStreamsClient escqrsDynamoDbStreamsClient(DynamoDbClients clients) {
        return clients.streams();
    }

    /** The KMS client of the data keys, with the DynamoDB clients' region and credentials. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "escqrs.dynamodb.kms-key-id")
    KmsClient escqrsKmsClient(DynamoDbClients clients) {
        return clients.kms();
    }
}
