package dev.escqrs.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostCommand.CreateBlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPostEvent.BlogPostCreated;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.jackson3.Jackson3;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which Jackson the codec is on: Boot's Jackson 3 with es-jackson3 present, es-core's Jackson 2 without it. */
class EscqrsJackson3AutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    JacksonAutoConfiguration.class,
                    EscqrsMemoryStoreAutoConfiguration.class,
                    EscqrsJackson3AutoConfiguration.class,
                    EscqrsAutoConfiguration.class))
            .withUserConfiguration(Aggregates.class)
            .withPropertyValues("escqrs.store=memory");

    @Configuration(proxyBeanMethods = false)
    static class Aggregates {
        @Bean
        EscqrsAggregate<BlogPostCommand, BlogPostEvent, BlogPost> blogPosts() {
            return EscqrsAggregate.of(BlogPosts.BLOG_POST, new BlogPostDecider());
        }
    }

    private static ObjectNode created(JsonCodec codec) {
        return codec.encode(new AggregateEvent<>(
                        EventIds.system().next(),
                        "BlogPostCreated",
                        "BlogPost",
                        "p-1",
                        1,
                        "alice",
                        new BlogPostCreated("Hello", "alice"),
                        EventMetadata.NONE))
                .payload();
    }

    @Test
    void with_es_jackson3_events_are_written_by_boots_own_mapper_and_its_settings() {
        runner.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    JsonCodec codec = context.getBean(JsonCodec.class);
                    assertThat(codec.payloadMapper().toString()).startsWith("Jackson 3");
                    assertThat(created(codec).fieldNames())
                            .toIterable()
                            .containsExactlyInAnyOrder("title", "author_id");

                    var posts = context.getBean(CommandHandlers.class)
                            .<BlogPostCommand, BlogPostEvent, BlogPost>get(BlogPosts.BLOG_POST);
                    String id = posts.handle(
                                    CommandRequest.create("alice", (BlogPostCommand) new CreateBlogPost("Hi", "alice")))
                            .aggregate()
                            .id();
                    assertThat(posts.read(id).orElseThrow().state().title()).isEqualTo("Hi");
                });
    }

    @Test
    void without_a_boot_mapper_the_codec_is_on_jackson_3_defaults() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        EscqrsMemoryStoreAutoConfiguration.class,
                        EscqrsJackson3AutoConfiguration.class,
                        EscqrsAutoConfiguration.class))
                .withUserConfiguration(Aggregates.class)
                .withPropertyValues("escqrs.store=memory")
                .run(context -> {
                    JsonCodec codec = context.getBean(JsonCodec.class);
                    assertThat(codec.payloadMapper().toString()).startsWith("Jackson 3");
                    assertThat(created(codec)).isEqualTo(created(JsonCodec.of(BlogPosts.BLOG_POST)));
                });
    }

    @Test
    void without_es_jackson3_the_codec_is_es_cores_on_jackson_2() {
        runner.withClassLoader(new FilteredClassLoader(Jackson3.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(JsonCodec.class).payloadMapper().toString())
                    .startsWith("Jackson 2");
        });
    }

    @Test
    void an_applications_own_codec_wins() {
        JsonCodec own = JsonCodec.of(BlogPosts.BLOG_POST);
        runner.withBean(JsonCodec.class, () -> own)
                .run(context -> assertThat(context.getBean(JsonCodec.class)).isSameAs(own));
    }
}
