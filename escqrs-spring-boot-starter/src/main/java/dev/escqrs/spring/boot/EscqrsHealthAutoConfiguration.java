package dev.escqrs.spring.boot;

import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionStatus;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.micrometer.EscqrsMeters;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Health indicators, when the application has Boot's health support (Actuator brings it):
 * <ul>
 *   <li>{@code escqrsStore}: up when the events table answers and is ACTIVE ({@code DescribeTable}: no capacity
 *       used), or for the in-memory store, whose details say it keeps nothing past a restart;</li>
 *   <li>{@code escqrsProjections}: one entry per projection run here. Up while it backfills, heals or tails (a load
 *       balancer must not kill a task during a long rebuild: alarm on {@code escqrs_projection_healthy} for lag),
 *       down when its last attempt failed, with the failure; the details carry the phase, lag and last event.</li>
 * </ul>
 */
@AutoConfiguration(after = EscqrsAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
public class EscqrsHealthAutoConfiguration {
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "escqrs.store", havingValue = "dynamodb")
    static class DynamoDbStoreHealth {
        @Bean
        @ConditionalOnMissingBean(name = "escqrsStoreHealthIndicator")
        HealthIndicator escqrsStoreHealthIndicator(DynamoDbClient client, TableNames names) {
            return () -> {
                try {
                    TableDescription table = client.describeTable(b -> b.tableName(names.eventsTable()))
                            .table();
                    Health.Builder health = "ACTIVE".equals(table.tableStatusAsString()) ? Health.up() : Health.down();
                    return health.withDetail("store", "dynamodb")
                            .withDetail("eventsTable", names.eventsTable())
                            .withDetail("status", table.tableStatusAsString())
                            .build();
                } catch (SdkException e) {
                    return Health.down(e)
                            .withDetail("store", "dynamodb")
                            .withDetail("eventsTable", names.eventsTable())
                            .build();
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "escqrs.store", havingValue = "memory")
    static class MemoryStoreHealth {
        @Bean
        @ConditionalOnMissingBean(name = "escqrsStoreHealthIndicator")
        HealthIndicator escqrsStoreHealthIndicator() {
            return () -> Health.up()
                    .withDetail("store", "memory")
                    .withDetail("warning", "events are kept in memory and lost when the application stops")
                    .build();
        }
    }

    /**
     * The indexer run here: down while its attempts fail (the failure in the details), else up with its counts and
     * lag; a replica that stands by (another holds the lease) is up and has indexed nothing.
     */
    @Bean
    @ConditionalOnBean(EscqrsIndexer.class)
    @ConditionalOnMissingBean(name = "escqrsIndexerHealthIndicator")
    HealthIndicator escqrsIndexerHealthIndicator(EscqrsIndexer indexer) {
        return () -> {
            var status = indexer.status();
            Health.Builder health = status.lastFailure().isPresent() ? Health.down() : Health.up();
            status.lastFailure().ifPresent(failure -> health.withDetail("lastFailure", failure));
            status.lag(java.time.Instant.now()).ifPresent(lag -> health.withDetail("lag", lag.toString()));
            return health.withDetail("entries", status.entries())
                    .withDetail("repeats", status.repeats())
                    .withDetail("heals", status.heals())
                    .build();
        };
    }

    /** Not with {@code escqrs.projections.enabled=false}: projections that run elsewhere are not this one's health. */
    @Bean
    @ConditionalOnBean(EscqrsProjections.class)
    @ConditionalOnBooleanProperty(name = "escqrs.projections.enabled", matchIfMissing = true)
    @ConditionalOnMissingBean(name = "escqrsProjectionsHealthContributor")
    CompositeHealthContributor escqrsProjectionsHealthContributor(
            EscqrsProjections projections, ObjectProvider<EscqrsMeters> meters) {
        Map<String, HealthIndicator> each = new LinkedHashMap<>();
        for (String name : projections.names()) {
            each.put(
                    name,
                    () -> projections
                            .status(name)
                            .map(EscqrsHealthAutoConfiguration::health)
                            .orElseGet(() -> Health.outOfService()
                                    .withDetail("phase", "not running")
                                    .build()));
        }
        return CompositeHealthContributor.fromMap(each);
    }

    static Health health(ProjectionStatus status) {
        Health.Builder health = status.phase() == ProjectionRunner.Phase.FAILED
                ? status.lastFailure().map(Health::down).orElseGet(Health::down)
                : status.phase() == ProjectionRunner.Phase.STOPPED ? Health.outOfService() : Health.up();
        health.withDetail("phase", status.phase().name().toLowerCase(java.util.Locale.ROOT))
                .withDetail("lagSeconds", status.lag().toMillis() / 1000.0)
                .withDetail("failures", status.failures())
                .withDetail("heals", status.heals())
                .withDetail("healthy", status.isHealthy(EscqrsMeters.HEALTHY_LAG))
                // parked aggregates degrade the runner, they do not take it down: every other aggregate flows
                .withDetail("parked", status.parked())
                .withDetail("degraded", status.isDegraded());
        status.lastApplied()
                .ifPresent(e -> health.withDetail(
                        "lastApplied",
                        "%s %s version %d".formatted(e.aggregateName(), e.aggregateId(), e.aggregateVersion())));
        return health.build();
    }
}
