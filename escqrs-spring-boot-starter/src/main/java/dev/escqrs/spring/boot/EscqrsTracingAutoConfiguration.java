package dev.escqrs.spring.boot;

import dev.escqrs.core.command.CommandTracer;
import dev.escqrs.core.port.RequestObserver;
import dev.escqrs.core.projection.ProjectionTracer;
import dev.escqrs.opentelemetry.EscqrsTracing;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * escqrs's traces ({@link EscqrsTracing}, es-opentelemetry) when the application has an {@link OpenTelemetry} bean
 * (spring-boot-starter-opentelemetry makes one) and es-opentelemetry on its class path: a span per command, store
 * requests as its events, the trace context in the events, and a span per event applied by each projection run here,
 * linked to the command's.
 */
@AutoConfiguration(afterName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
@ConditionalOnClass({OpenTelemetry.class, EscqrsTracing.class})
@ConditionalOnBean(OpenTelemetry.class)
public class EscqrsTracingAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    EscqrsTracing escqrsTracing(OpenTelemetry openTelemetry) {
        return new EscqrsTracing(openTelemetry);
    }

    // the rest of the starter sees es-core's types only, so that it loads without es-opentelemetry

    @Bean
    @ConditionalOnMissingBean
    CommandTracer escqrsCommandTracer(EscqrsTracing tracing) {
        return tracing.commands();
    }

    @Bean
    @ConditionalOnMissingBean
    ProjectionTracer escqrsProjectionTracer(EscqrsTracing tracing) {
        return tracing.projections();
    }

    /** Each store request as an event of the current span (one of the {@link RequestObserver} beans the clients tell). */
    @Bean
    RequestObserver escqrsTracingRequestObserver(EscqrsTracing tracing) {
        return tracing.requests();
    }
}
