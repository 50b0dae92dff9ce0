package dev.escqrs.spring.boot;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.jackson3.Jackson3;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events on Boot's own Jackson: with es-jackson3 on the class path, the codec writes and reads the events and state
 * of every {@link EscqrsAggregate} with the application's {@link JsonMapper} bean (Boot's, with its
 * {@code spring.jackson.*} settings, modules and customizers), escqrs's rules on top ({@link Jackson3}); without a
 * {@code JsonMapper} bean, with Jackson 3's defaults. Without es-jackson3, the codec is es-core's on Jackson 2.
 */
@AutoConfiguration(
        before = EscqrsAutoConfiguration.class,
        afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({Jackson3.class, JsonMapper.class})
public class EscqrsJackson3AutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    JsonCodec escqrsCodec(
            ObjectProvider<EscqrsAggregate<?, ?, ?>> aggregates,
            ObjectProvider<JsonMapper> mapper,
            ObjectProvider<DataKeys> keys) {
        AggregateType<?, ?>[] types =
                aggregates.orderedStream().map(EscqrsAggregate::type).toArray(AggregateType<?, ?>[]::new);
        JsonMapper boots = mapper.getIfAvailable();
        return EscqrsAutoConfiguration.withKeys(
                boots == null ? Jackson3.codec(types) : Jackson3.codec(boots, types), keys);
    }
}
