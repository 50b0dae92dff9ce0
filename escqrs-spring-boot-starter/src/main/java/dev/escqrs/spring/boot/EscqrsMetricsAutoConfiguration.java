package dev.escqrs.spring.boot;

import dev.escqrs.micrometer.EscqrsMeters;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * escqrs's meters ({@link EscqrsMeters}) in the application's {@link MeterRegistry}, when it has one (Actuator makes
 * one): commands, store requests, and each projection's events, failures, heals, lag and health. The starter gives
 * them to the command handlers, the DynamoDB clients and the projection runners.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration"
        })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public class EscqrsMetricsAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    EscqrsMeters escqrsMeters(MeterRegistry registry) {
        return new EscqrsMeters(registry);
    }
}
