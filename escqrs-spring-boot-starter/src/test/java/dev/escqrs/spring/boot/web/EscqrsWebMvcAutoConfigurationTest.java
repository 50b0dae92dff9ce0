package dev.escqrs.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.StoreUnavailableException;
import dev.escqrs.core.idempotency.IdempotencyKeys;
import dev.escqrs.dynamodb.table.MissingTableException;
import dev.escqrs.example.blogpost.domain.AlreadyPublishedException;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.spring.boot.CommandHandlers;
import dev.escqrs.spring.boot.EscqrsAggregate;
import dev.escqrs.spring.boot.EscqrsAutoConfiguration;
import dev.escqrs.spring.boot.EscqrsMemoryStoreAutoConfiguration;
import jakarta.servlet.ServletException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultMatcher;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The web layer in a Spring MVC application: escqrs's errors as problem details by category, If-Match and
 * Idempotency-Key as controller parameters, ETag and Idempotent-Replayed from a command's result.
 */
class EscqrsWebMvcAutoConfigurationTest {
    private static final String PROBLEMS = "https://escqrs.dev/problems/";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            // Boot's own Spring MVC and Jackson 3, as spring-boot-starter-webmvc brings them
            .withConfiguration(AutoConfigurations.of(
                    JacksonAutoConfiguration.class,
                    HttpMessageConvertersAutoConfiguration.class,
                    DispatcherServletAutoConfiguration.class,
                    WebMvcAutoConfiguration.class,
                    EscqrsMemoryStoreAutoConfiguration.class,
                    EscqrsAutoConfiguration.class,
                    EscqrsWebMvcAutoConfiguration.class))
            .withUserConfiguration(Application.class)
            .withPropertyValues("escqrs.store=memory");

    record Title(String title) {}

    record PostView(String id, long version, String title, boolean published) {
        static PostView of(CommandResult<BlogPostEvent, BlogPost> result) {
            var post = result.aggregate();
            return new PostView(
                    post.id(),
                    post.version(),
                    post.state().title(),
                    post.state().published());
        }
    }

    /** A controller as the docs show it: the actor is fixed here, where an application authenticates one. */
    @RestController
    static class Posts {
        private static final String ACTOR = "alice";
        private final CommandHandlers handlers;

        Posts(CommandHandlers handlers) {
            this.handlers = handlers;
        }

        @PostMapping("/posts")
        ResponseEntity<PostView> create(Optional<IdempotencyKey> key, @RequestBody Title body) {
            var result = handlers.get(BlogPosts.BLOG_POST)
                    .handle(IdempotencyKey.applyTo(
                            key,
                            CommandRequest.create(ACTOR, new BlogPostCommand.CreateBlogPost(body.title(), ACTOR))));
            return CommandResponses.created(
                            URI.create("/posts/" + result.aggregate().id()), result)
                    .body(PostView.of(result));
        }

        @PutMapping("/posts/{id}/title")
        ResponseEntity<PostView> retitle(
                @PathVariable("id") String id,
                ExpectedVersion expected,
                Optional<IdempotencyKey> key,
                @RequestBody Title body) {
            var result = handlers.get(BlogPosts.BLOG_POST)
                    .handle(IdempotencyKey.applyTo(
                            key,
                            expected.applyTo(CommandRequest.update(
                                    id, ACTOR, new BlogPostCommand.ChangeTitle(body.title(), ACTOR)))));
            return CommandResponses.ok(result).body(PostView.of(result));
        }

        @PostMapping("/posts/{id}/publish")
        ResponseEntity<PostView> publish(
                @PathVariable("id") String id, Optional<ExpectedVersion> expected, IdempotencyKey key) {
            CommandRequest<BlogPostCommand> request =
                    key.applyTo(CommandRequest.update(id, ACTOR, new BlogPostCommand.PublishBlogPost(ACTOR)));
            var result = handlers.get(BlogPosts.BLOG_POST)
                    .handle(expected.map(e -> e.applyTo(request)).orElse(request));
            return CommandResponses.ok(result).body(PostView.of(result));
        }
    }

    /** Errors no command of the example gives on the memory store. */
    @RestController
    static class Failing {
        @GetMapping("/fail/unavailable")
        void unavailable() {
            throw new StoreUnavailableException("DynamoDB throttled: request id 7QK3", new RuntimeException("aws"));
        }

        @GetMapping("/fail/missing-table")
        void missingTable() {
            throw new MissingTableException(
                    List.of("prod-events"), "reading BlogPost 01J", "create it", new RuntimeException("aws"));
        }

        @GetMapping("/fail/internal")
        void internal() {
            throw new EscqrsException("the codec of com.acme.Secret is broken");
        }

        @GetMapping("/fail/already-exists")
        void alreadyExists() {
            throw ConflictException.alreadyExists("BlogPost", "p1", 3);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import({Posts.class, Failing.class})
    static class Application {
        @Bean
        EscqrsAggregate<BlogPostCommand, BlogPostEvent, BlogPost> blogPosts() {
            return EscqrsAggregate.of(BlogPosts.BLOG_POST, new BlogPostDecider());
        }
    }

    /** Runs {@code test} against the application in {@code runner}. */
    private static void withMvc(WebApplicationContextRunner runner, MvcTest test) {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            test.run(MockMvcBuilders.webAppContextSetup(context).build());
        });
    }

    private void withMvc(MvcTest test) {
        withMvc(runner, test);
    }

    interface MvcTest {
        void run(MockMvc mvc) throws Exception;
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String title) {
        return request.contentType(MediaType.APPLICATION_JSON).content("{\"title\": \"" + title + "\"}");
    }

    private static String createPost(MockMvc mvc) throws Exception {
        MvcResult created = mvc.perform(json(post("/posts"), "Hello"))
                .andExpect(status().isCreated())
                .andReturn();
        return created.getResponse().getHeader("Location").substring("/posts/".length());
    }

    private static JsonNode body(MvcResult result) throws Exception {
        return new ObjectMapper().readTree(result.getResponse().getContentAsString());
    }

    /** The JSON body's {@code name} is {@code expected}, compared as JSON. */
    private static ResultMatcher field(String name, Object expected) {
        return result -> assertThat(body(result).get(name))
                .as("%s of %s", name, result.getResponse().getContentAsString())
                .isEqualTo(new ObjectMapper().valueToTree(expected));
    }

    private static ResultMatcher headerIs(String name, String expected) {
        return result ->
                assertThat(result.getResponse().getHeader(name)).as(name).isEqualTo(expected);
    }

    private static ResultMatcher fieldContains(String name, String part) {
        return result -> assertThat(body(result).path(name).asText())
                .as("%s of %s", name, result.getResponse().getContentAsString())
                .contains(part);
    }

    @Nested
    class Problems {
        @Test
        void a_stale_if_match_is_412_naming_the_aggregate_and_both_versions() {
            withMvc(mvc -> {
                String id = createPost(mvc);
                mvc.perform(json(put("/posts/{id}/title", id), "Second").header("If-Match", "\"1\""))
                        .andExpect(status().isOk())
                        .andExpect(headerIs("ETag", "\"2\""));
                mvc.perform(json(put("/posts/{id}/title", id), "Third").header("If-Match", "\"1\""))
                        .andExpect(status().isPreconditionFailed())
                        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                        .andExpect(field("type", PROBLEMS + "version-mismatch"))
                        .andExpect(field("title", "Version mismatch"))
                        .andExpect(field("status", 412))
                        .andExpect(field("detail", "BlogPost " + id + " version mismatch: expected 1, got 2"))
                        .andExpect(field("instance", "/posts/" + id + "/title"))
                        .andExpect(field("aggregate", "BlogPost"))
                        .andExpect(field("aggregateId", id))
                        .andExpect(field("expectedVersion", 1))
                        .andExpect(field("actualVersion", 2))
                        .andExpect(field("retryable", false));
            });
        }

        @Test
        void a_key_reused_for_another_command_is_422() {
            withMvc(mvc -> {
                String id = mvc.perform(json(post("/posts"), "Hello").header("Idempotency-Key", "k-1"))
                        .andExpect(status().isCreated())
                        .andReturn()
                        .getResponse()
                        .getHeader("Location")
                        .substring("/posts/".length());
                mvc.perform(json(put("/posts/{id}/title", id), "Other")
                                .header("If-Match", "\"1\"")
                                .header("Idempotency-Key", "k-1"))
                        .andExpect(status().isUnprocessableContent())
                        .andExpect(field("type", PROBLEMS + "idempotency-key-reused"))
                        .andExpect(field("aggregate", "BlogPost"))
                        .andExpect(field("aggregateId", id))
                        .andExpect(fieldContains("detail", "a key names one command"));
            });
        }

        @Test
        void a_domain_refusal_is_409_with_the_deciders_words() {
            withMvc(mvc -> {
                String id = createPost(mvc);
                mvc.perform(post("/posts/{id}/publish", id).header("Idempotency-Key", "p-1"))
                        .andExpect(status().isOk());
                mvc.perform(post("/posts/{id}/publish", id).header("Idempotency-Key", "p-2"))
                        .andExpect(status().isConflict())
                        .andExpect(field("type", PROBLEMS + "refused"))
                        .andExpect(field("detail", "the post is already published"));
            });
        }

        @Test
        void an_unknown_aggregate_is_404() {
            withMvc(mvc -> mvc.perform(
                            json(put("/posts/{id}/title", "nope"), "T").header("If-Match", "\"1\""))
                    .andExpect(status().isNotFound())
                    .andExpect(field("type", PROBLEMS + "not-found"))
                    .andExpect(field("detail", "BlogPost nope not found"))
                    .andExpect(field("aggregateId", "nope")));
        }

        @Test
        void invalid_input_is_400() {
            withMvc(mvc -> mvc.perform(json(put("/posts/{id}/title", "x".repeat(1025)), "T")
                            .header("If-Match", "\"1\""))
                    .andExpect(status().isBadRequest())
                    .andExpect(field("type", PROBLEMS + "invalid-input"))
                    .andExpect(fieldContains("detail", "aggregateId")));
        }

        @Test
        void other_conflicts_are_409() {
            withMvc(mvc -> mvc.perform(get("/fail/already-exists"))
                    .andExpect(status().isConflict())
                    .andExpect(field("type", PROBLEMS + "conflict"))
                    .andExpect(field("actualVersion", 3)));
        }

        @Test
        void unavailable_is_503_with_retry_after_and_without_the_stores_words() {
            withMvc(mvc -> {
                MvcResult result = mvc.perform(get("/fail/unavailable"))
                        .andExpect(status().isServiceUnavailable())
                        .andExpect(headerIs("Retry-After", "1"))
                        .andExpect(field("type", PROBLEMS + "unavailable"))
                        .andExpect(field("retryable", true))
                        .andReturn();
                assertThat(result.getResponse().getContentAsString()).doesNotContain("7QK3");
                mvc.perform(get("/fail/missing-table"))
                        .andExpect(status().isServiceUnavailable())
                        .andExpect(headerIs("Retry-After", "30"));
            });
        }

        @Test
        void internal_is_500_without_the_internals() {
            withMvc(mvc -> {
                MvcResult result = mvc.perform(get("/fail/internal"))
                        .andExpect(status().isInternalServerError())
                        .andExpect(field("type", PROBLEMS + "internal"))
                        .andExpect(field("detail", "the request failed; see the service log"))
                        .andReturn();
                assertThat(result.getResponse().getContentAsString()).doesNotContain("Secret");
            });
        }
    }

    @Nested
    class Responses {
        @Test
        void a_command_answers_with_its_version_as_etag() {
            withMvc(mvc -> mvc.perform(json(post("/posts"), "Hello"))
                    .andExpect(status().isCreated())
                    .andExpect(headerIs("ETag", "\"1\""))
                    .andExpect(header().doesNotExist("Idempotent-Replayed"))
                    .andExpect(field("version", 1)));
        }

        @Test
        void a_replayed_request_gets_the_first_response_and_idempotent_replayed() {
            withMvc(mvc -> {
                MvcResult first = mvc.perform(json(post("/posts"), "Hello").header("Idempotency-Key", "\"k-7\""))
                        .andExpect(status().isCreated())
                        .andExpect(header().doesNotExist("Idempotent-Replayed"))
                        .andReturn();
                MvcResult again = mvc.perform(json(post("/posts"), "Hello").header("Idempotency-Key", "k-7"))
                        .andExpect(status().isCreated())
                        .andExpect(headerIs("Idempotent-Replayed", "true"))
                        .andReturn();
                assertThat(again.getResponse().getContentAsString())
                        .isEqualTo(first.getResponse().getContentAsString());
                assertThat(again.getResponse().getHeader("ETag")).isEqualTo("\"1\"");
                assertThat(again.getResponse().getHeader("Location"))
                        .isEqualTo(first.getResponse().getHeader("Location"));
            });
        }
    }

    @Nested
    class Headers {
        @Test
        void a_change_without_if_match_is_428() {
            withMvc(mvc -> mvc.perform(json(put("/posts/{id}/title", "p1"), "T"))
                    .andExpect(status().isPreconditionRequired())
                    .andExpect(field("type", PROBLEMS + "precondition-required")));
        }

        @Test
        void a_weak_if_match_is_412() {
            withMvc(mvc -> mvc.perform(json(put("/posts/{id}/title", "p1"), "T").header("If-Match", "W/\"1\""))
                    .andExpect(status().isPreconditionFailed())
                    .andExpect(field("type", PROBLEMS + "weak-etag")));
        }

        @Test
        void an_if_match_that_is_no_version_is_400() {
            for (String malformed : List.of("1", "\"one\"", "*", "\"-1\"", "\"1\", \"2\"")) {
                withMvc(mvc -> mvc.perform(
                                json(put("/posts/{id}/title", "p1"), "T").header("If-Match", malformed))
                        .andExpect(status().isBadRequest())
                        .andExpect(field("type", PROBLEMS + "invalid-if-match")));
            }
        }

        @Test
        void a_malformed_idempotency_key_is_400() {
            for (String malformed : List.of("", "\"\"", "k".repeat(IdempotencyKeys.MAX_LENGTH + 1), "caf\u00e9")) {
                withMvc(mvc -> mvc.perform(json(post("/posts"), "T").header("Idempotency-Key", malformed))
                        .andExpect(status().isBadRequest())
                        .andExpect(field("type", PROBLEMS + "invalid-idempotency-key")));
            }
        }

        @Test
        void a_required_idempotency_key_that_is_missing_is_400() {
            withMvc(mvc -> mvc.perform(post("/posts/{id}/publish", "p1"))
                    .andExpect(status().isBadRequest())
                    .andExpect(field("type", PROBLEMS + "invalid-idempotency-key")));
        }
    }

    @Nested
    class Configuration_ {
        @Test
        void the_property_switches_problems_off_and_errors_go_to_the_application() {
            withMvc(runner.withPropertyValues("escqrs.web.problems.enabled=false"), mvc -> {
                assertThatThrownBy(() -> mvc.perform(
                                json(put("/posts/{id}/title", "nope"), "T").header("If-Match", "\"1\"")))
                        .isInstanceOf(ServletException.class)
                        .hasRootCauseInstanceOf(dev.escqrs.core.error.NotFoundException.class);
                // a malformed header keeps its status: Spring MVC answers an ErrorResponseException itself
                mvc.perform(json(put("/posts/{id}/title", "p1"), "T")).andExpect(status().isPreconditionRequired());
            });
            runner.withPropertyValues("escqrs.web.problems.enabled=false")
                    .run(context -> assertThat(context).doesNotHaveBean(EscqrsProblems.class));
        }

        @Test
        void backs_off_when_the_application_declares_its_own() {
            runner.withUserConfiguration(OwnProblems.class).run(context -> {
                assertThat(context).getBean(EscqrsProblems.class).isInstanceOf(DomainAsBadRequest.class);
                MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
                String id = createPost(mvc);
                mvc.perform(post("/posts/{id}/publish", id).header("Idempotency-Key", "p-1"))
                        .andExpect(status().isOk());
                mvc.perform(post("/posts/{id}/publish", id).header("Idempotency-Key", "p-2"))
                        .andExpect(status().isBadRequest())
                        .andExpect(field("type", PROBLEMS + "refused"));
            });
        }

        @Test
        void answers_before_boots_own_problem_details_handler() {
            withMvc(runner.withPropertyValues("spring.mvc.problemdetails.enabled=true"), mvc -> {
                mvc.perform(json(put("/posts/{id}/title", "nope"), "T").header("If-Match", "\"1\""))
                        .andExpect(status().isNotFound())
                        .andExpect(field("type", PROBLEMS + "not-found"))
                        .andExpect(field("aggregateId", "nope"));
                mvc.perform(json(put("/posts/{id}/title", "p1"), "T"))
                        .andExpect(status().isPreconditionRequired())
                        .andExpect(field("type", PROBLEMS + "precondition-required"));
            });
        }

        @Test
        void is_not_there_outside_a_servlet_web_application() {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(EscqrsWebMvcAutoConfiguration.class))
                    .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EscqrsProblems.class));
            runner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
                    .run(context -> assertThat(context).doesNotHaveBean(EscqrsProblems.class));
        }
    }

    /** An application's own mapping: the example answers an already published post 400, say. */
    static class DomainAsBadRequest extends EscqrsProblems {
        @Override
        protected ProblemDetail problemDetail(EscqrsException error) {
            ProblemDetail problem = super.problemDetail(error);
            if (error instanceof AlreadyPublishedException) {
                problem.setStatus(HttpStatus.BAD_REQUEST);
            }
            return problem;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnProblems {
        @Bean
        EscqrsProblems ownProblems() {
            return new DomainAsBadRequest();
        }
    }
}
