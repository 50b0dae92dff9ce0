package dev.escqrs.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.console.ConsoleAuthenticator;
import dev.escqrs.console.OperatorConsole;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.readmodel.InMemoryPublishedPosts;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operator console from properties: off unless turned on, on loopback, with the context's runners, operators only. */
class EscqrsConsoleAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    EscqrsMemoryStoreAutoConfiguration.class,
                    EscqrsAutoConfiguration.class,
                    EscqrsConsoleAutoConfiguration.class))
            .withUserConfiguration(Application.class)
            .withPropertyValues("escqrs.store=memory");

    @Configuration(proxyBeanMethods = false)
    static class Application {
        @Bean
        EscqrsAggregate<BlogPostCommand, BlogPostEvent, BlogPost> blogPosts() {
            return EscqrsAggregate.of(BlogPosts.BLOG_POST, new BlogPostDecider());
        }

        @Bean
        InMemoryPublishedPosts publishedPosts() {
            return new InMemoryPublishedPosts();
        }

        @Bean
        ProjectionSpec publishedPostsSpec(InMemoryPublishedPosts publishedPosts, EventStore store) {
            return ProjectionSpec.builder("published-posts", publishedPosts)
                    .aggregates(BlogPosts.BLOG_POST)
                    .store(store)
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Operators {
        @Bean
        ConsoleAuthenticator operators() {
            return token -> token.equals("ops")
                    ? new ConsoleAuthenticator.Verdict.Operator("olivia")
                    : new ConsoleAuthenticator.Verdict.Refused("unknown token");
        }
    }

    @Test
    void is_off_unless_turned_on() {
        runner.withUserConfiguration(Operators.class)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OperatorConsole.class));
    }

    @Test
    void is_off_without_the_console_module() {
        runner.withUserConfiguration(Operators.class)
                .withPropertyValues("escqrs.console.enabled=true")
                .withClassLoader(new FilteredClassLoader(OperatorConsole.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OperatorConsole.class));
    }

    @Test
    void turned_on_it_serves_the_runners_on_loopback_to_operators_only() {
        runner.withUserConfiguration(Operators.class)
                .withPropertyValues("escqrs.console.enabled=true", "escqrs.console.port=0")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(OperatorConsole.class);
                    OperatorConsole console = context.getBean(OperatorConsole.class);
                    assertThat(console.address().getAddress().isLoopbackAddress())
                            .isTrue();
                    HttpClient http = HttpClient.newHttpClient();
                    HttpResponse<String> anonymous = http.send(
                            HttpRequest.newBuilder(console.uri()).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(anonymous.statusCode()).isEqualTo(401);
                    HttpResponse<String> operator = http.send(
                            HttpRequest.newBuilder(console.uri())
                                    .header("Authorization", "Bearer ops")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(operator.statusCode()).isEqualTo(200);
                    assertThat(operator.body()).contains("data-runner=\"published-posts\"", "runs in this process");
                });
    }

    @Test
    void refuses_to_start_without_an_authenticator() {
        runner.withPropertyValues("escqrs.console.enabled=true", "escqrs.console.port=0")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("needs one ConsoleAuthenticator bean"));
    }
}
