package dev.escqrs.spring.boot.web;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * escqrs's web layer in a Spring MVC application: {@link EscqrsProblems} (unless
 * {@code escqrs.web.problems.enabled=false}, or the application declares its own), and controller parameters of type
 * {@link ExpectedVersion} and {@link IdempotencyKey}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
public class EscqrsWebMvcAutoConfiguration {
    @Bean
    @ConditionalOnBooleanProperty(name = "escqrs.web.problems.enabled", matchIfMissing = true)
    @ConditionalOnMissingBean(EscqrsProblems.class)
    EscqrsProblems escqrsProblems() {
        return new EscqrsProblems();
    }

    @Bean
    @ConditionalOnMissingBean(name = "escqrsCommandHeaders")
    WebMvcConfigurer escqrsCommandHeaders() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CommandHeaderArguments());
            }
        };
    }
}
