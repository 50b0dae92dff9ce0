package dev.escqrs.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.core.reaction.Reactor;
import dev.escqrs.example.blogpost.app.AuthorStats;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** escqrs's start-up errors become Boot's "APPLICATION FAILED TO START" report: what is wrong, and what to do. */
class EscqrsFailureAnalyzerTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    EscqrsMemoryStoreAutoConfiguration.class,
                    EscqrsDynamoDbAutoConfiguration.class,
                    EscqrsAutoConfiguration.class))
            .withUserConfiguration(Posts.class);

    @Configuration(proxyBeanMethods = false)
    static class Posts {
        @Bean
        EscqrsAggregate<BlogPostCommand, BlogPostEvent, BlogPost> blogPosts() {
            return EscqrsAggregate.of(BlogPosts.BLOG_POST, new BlogPostDecider());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PostsAgain {
        @Bean
        EscqrsAggregate<BlogPostCommand, BlogPostEvent, BlogPost> morePosts() {
            return EscqrsAggregate.of(BlogPosts.BLOG_POST, new BlogPostDecider());
        }
    }

    /** A reactor wired by hand under PARK, without the Parking a durable projection needs. */
    @Configuration(proxyBeanMethods = false)
    static class DurableWithoutParking {
        @Bean
        EscqrsAggregate<Author.Command, Author.Event, Author.Profile> authors() {
            return EscqrsAggregate.of(Author.AUTHOR, Author.DECIDER);
        }

        @Bean
        ProjectionSpec authorStatsSpec(CommandHandlers handlers, EventStore store) {
            Reactor reactor = AuthorStats.reactor(
                    handlers.get(Author.AUTHOR),
                    ReactionLedger.inMemory(),
                    dev.escqrs.core.reaction.ReactionObserver.NONE);
            return ProjectionSpec.builder(reactor.name(), reactor)
                    .aggregates(BlogPosts.BLOG_POST)
                    .store(store)
                    .badRecords(BadRecords.PARK)
                    .build();
        }
    }

    private FailureAnalysis analysis(ApplicationContextRunner failing) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        failing.run(context -> {
            assertThat(context).hasFailed();
            failure.set(context.getStartupFailure());
        });
        FailureAnalysis analysis = new EscqrsFailureAnalyzer().analyze(failure.get());
        assertThat(analysis).as("the analysis of %s", failure.get()).isNotNull();
        return analysis;
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({
        EscqrsMemoryStoreAutoConfiguration.class,
        EscqrsDynamoDbAutoConfiguration.class,
        EscqrsAutoConfiguration.class
    })
    @Import(Posts.class)
    static class WithoutAStore {}

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void is_registered_so_spring_boot_reports_the_description_and_the_action(CapturedOutput output) {
        SpringApplication application = new SpringApplication(WithoutAStore.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(application::run).hasRootCauseInstanceOf(EscqrsConfigurationException.class);
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("escqrs.store is not set")
                .contains("Action:")
                .contains("set escqrs.store=dynamodb");
    }

    @Test
    void no_store_says_which_to_set() {
        FailureAnalysis analysis = analysis(runner);
        assertThat(analysis.getDescription()).isEqualTo("escqrs.store is not set");
        assertThat(analysis.getAction()).startsWith("set escqrs.store=dynamodb").contains("escqrs.store=memory");
    }

    @Test
    void two_aggregates_of_one_name_say_to_declare_one() {
        FailureAnalysis analysis =
                analysis(runner.withPropertyValues("escqrs.store=memory").withUserConfiguration(PostsAgain.class));
        assertThat(analysis.getDescription()).isEqualTo("two EscqrsAggregate beans are for aggregate type BlogPost");
        assertThat(analysis.getAction()).isEqualTo("declare one EscqrsAggregate bean per aggregate type");
    }

    @Test
    void a_durable_projection_without_parking_says_to_give_it_the_parking_bean() {
        FailureAnalysis analysis = analysis(
                runner.withPropertyValues("escqrs.store=memory").withUserConfiguration(DurableWithoutParking.class));
        assertThat(analysis.getDescription()).contains("projection author-stats is durable");
        assertThat(analysis.getAction()).contains(".parking(parking)").contains("EscqrsReaction");
    }

    @Test
    void a_mistyped_property_names_the_nearest_key() {
        FailureAnalysis analysis =
                analysis(runner.withPropertyValues("escqrs.store=memory", "escqrs.dynamodb.create-table=true"));
        assertThat(analysis.getDescription())
                .isEqualTo("property escqrs.dynamodb.create-table is not an escqrs "
                        + "property; the nearest is escqrs.dynamodb.create-tables");
        assertThat(analysis.getAction()).startsWith("set escqrs.dynamodb.create-tables instead");
    }

    @Test
    void leaves_other_failures_to_spring_boot() {
        assertThat(new EscqrsFailureAnalyzer().analyze(new IllegalStateException("not ours")))
                .isNull();
    }
}
