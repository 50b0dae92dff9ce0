package dev.escqrs.spring.boot;

import dev.escqrs.console.ConsoleAuthenticator;
import dev.escqrs.console.OperatorConsole;
import dev.escqrs.core.projection.Parking;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The operator console ({@link OperatorConsole}) when {@code escqrs.console.enabled=true} and escqrs-console is on the
 * class path: every runner of {@link EscqrsProjections} (looked up at each request, so it follows the context's
 * lifecycle), and the runners of the application's {@link Parking} bean, if it has one, that run elsewhere. On
 * {@code escqrs.console.address} (loopback unless told) and {@code escqrs.console.port}. The application declares who
 * is an operator, a {@link ConsoleAuthenticator} bean; without one the context refuses to start rather than open
 * the console to anyone. An application that declares its own {@link OperatorConsole} bean gets none of this.
 */
@AutoConfiguration(after = EscqrsAutoConfiguration.class)
@ConditionalOnClass(OperatorConsole.class)
@ConditionalOnBooleanProperty(name = "escqrs.console.enabled")
@EnableConfigurationProperties(EscqrsProperties.class)
public class EscqrsConsoleAutoConfiguration {
    /** The console, started; closed with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    OperatorConsole escqrsOperatorConsole(
            EscqrsProperties properties,
            ObjectProvider<ConsoleAuthenticator> authenticator,
            ObjectProvider<EscqrsProjections> projections,
            ObjectProvider<Parking> parking) {
        ConsoleAuthenticator operators = authenticator.getIfUnique(() -> {
            throw new IllegalStateException("escqrs.console.enabled=true needs one ConsoleAuthenticator bean (who is "
                    + "an operator); the console does not start open to anyone");
        });
        EscqrsProperties.Console settings = properties.getConsole();
        OperatorConsole.Builder console = OperatorConsole.builder()
                .authenticator(operators)
                .address(settings.getAddress())
                .port(settings.getPort());
        projections.ifAvailable(runners ->
                runners.names().forEach(name -> console.runner(name, () -> runners.running(name))));
        parking.ifUnique(console::parking);
        return console.build().start();
    }
}
