package dev.escqrs.core.command;

import static dev.escqrs.core.Posts.POST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.f4b6a3.ulid.Ulid;
import dev.escqrs.core.Posts;
import dev.escqrs.core.Posts.Command;
import dev.escqrs.core.Posts.Create;
import dev.escqrs.core.Posts.CreateWithTags;
import dev.escqrs.core.Posts.Created;
import dev.escqrs.core.Posts.Event;
import dev.escqrs.core.Posts.Post;
import dev.escqrs.core.Posts.Publish;
import dev.escqrs.core.Posts.Rename;
import dev.escqrs.core.Posts.Tagged;
import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateMeta;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.DomainException;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.error.NotFoundException;
import dev.escqrs.core.error.RetriesExhaustedException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CommandHandlerTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private final ScriptedStore store = new ScriptedStore();

    private CommandHandler<Command, Event, Post> handler(RetryPolicy policy, int cacheSize) {
        return CommandHandler.builder(POST, Posts.DECIDER)
                .store(store, store)
                .eventIds(EventIds.fixed(NOW, 11))
                .retryPolicy(policy)
                .cacheSize(cacheSize)
                .build();
    }

    private final CommandHandler<Command, Event, Post> posts = handler(RetryPolicy.immediate(3), 0);

    private String created() {
        return posts.create("alice", new Create("first")).aggregate().id();
    }

    /** Another writer's change, as if it had run between this command's load and its append. */
    private void otherWriterRenames(String id, String title) {
        @SuppressWarnings("unchecked")
        Aggregate<Post> current = (Aggregate<Post>) store.aggregates.get(id);
        store.put(new Aggregate<>(
                new AggregateMeta(
                        id, current.version() + 1, "bob", current.meta().createdAt(), NOW),
                new Post(title, current.state().published(), current.state().tags())));
    }

    @Nested
    class Creating {
        @Test
        void creates_with_a_generated_ulid_and_returns_aggregate_and_envelopes() {
            CommandResult<Event, Post> result = posts.handle(CommandRequest.create("alice", new Create("Hello"))
                    .withMetadata(EventMetadata.NONE.withCorrelationId("req-1")));

            String id = result.aggregate().id();
            assertThat(Ulid.isValid(id)).as("generated id %s is a ULID", id).isTrue();
            assertThat(result.aggregate().state()).isEqualTo(new Post("Hello", false, List.of()));
            assertThat(result.aggregate().meta()).isEqualTo(new AggregateMeta(id, 1, "alice", NOW, NOW));
            AggregateEvent<Event> event = result.events().getFirst();
            assertThat(event.eventName()).isEqualTo("PostCreated");
            assertThat(event.aggregateName()).isEqualTo("Post");
            assertThat(event.aggregateVersion()).isEqualTo(1);
            assertThat(event.actorId()).isEqualTo("alice");
            assertThat(event.occurredAt()).isEqualTo(NOW);
            assertThat(event.metadata().correlationId()).contains("req-1");
            assertThat(store.batches).hasSize(1);
        }

        @Test
        void creates_with_a_natural_key() {
            CommandResult<Event, Post> result =
                    posts.handle(CommandRequest.createWithId("my-post", "alice", new Create("Hi")));
            assertThat(result.aggregate().id()).isEqualTo("my-post");
        }

        @Test
        void a_create_reads_nothing_and_a_taken_id_is_refused_by_the_append_without_a_retry() {
            posts.handle(CommandRequest.createWithId("p1", "alice", new Create("Hi")));
            int reads = store.reads;
            int appends = store.appendAttempts;

            assertThatThrownBy(() -> posts.handle(CommandRequest.createWithId("p1", "bob", new Create("Again"))))
                    .isInstanceOfSatisfying(
                            ConflictException.class,
                            e -> assertThat(e.kind()).isEqualTo(ConflictException.Kind.ALREADY_EXISTS));
            assertThat(store.reads).as("no read before a create").isEqualTo(reads);
            assertThat(store.appendAttempts)
                    .as("one refused append, not retried")
                    .isEqualTo(appends + 1);
        }

        @Test
        void creating_an_id_that_exists_is_a_conflict() {
            posts.handle(CommandRequest.createWithId("p1", "alice", new Create("Hi")));

            assertThatThrownBy(() -> posts.handle(CommandRequest.createWithId("p1", "bob", new Create("Again"))))
                    .isInstanceOfSatisfying(ConflictException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ConflictException.Kind.ALREADY_EXISTS);
                        assertThat(e).hasMessage("Post p1 already exists (at version 1)");
                    });
            assertThat(store.batches).hasSize(1);
        }

        @Test
        void several_events_are_one_atomic_batch() {
            CommandResult<Event, Post> result = posts.create("alice", new CreateWithTags("t", List.of("a", "b")));

            assertThat(result.events())
                    .extracting(AggregateEvent::payload)
                    .containsExactly(new Created("t"), new Tagged("a"), new Tagged("b"));
            assertThat(result.events())
                    .extracting(AggregateEvent::aggregateVersion)
                    .containsExactly(1L, 2L, 3L);
            assertThat(store.batches)
                    .singleElement()
                    .satisfies(b -> assertThat(b.events()).hasSize(3));
            assertThat(result.aggregate().state().tags()).containsExactly("a", "b");
        }

        @Test
        void a_create_that_decides_nothing_is_an_error() {
            CommandHandler<Command, Event, Post> nothing = CommandHandler.builder(
                            POST, new dev.escqrs.core.decider.Decider<Command, Event, Post>() {
                                public Post initialState() {
                                    return Post.NONE;
                                }

                                public List<Event> decide(Command c, Post s) {
                                    return List.of();
                                }

                                public Post evolve(Post s, Event e) {
                                    return s;
                                }
                            })
                    .store(store, store)
                    .build();
            assertThatThrownBy(() -> nothing.create("alice", new Create("x")))
                    .hasMessageContaining("a create must decide at least one");
            assertThat(store.batches).isEmpty();
        }
    }

    @Nested
    class Updating {
        @Test
        void an_unknown_id_is_not_found() {
            assertThatThrownBy(() -> posts.handle(CommandRequest.update("nope", "alice", new Publish())))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("Post nope not found");
        }

        @Test
        void runs_when_the_expected_version_is_current() {
            String id = created();
            CommandResult<Event, Post> result = posts.update(id, "bob", new Rename("second"), 1);
            assertThat(result.aggregate().version()).isEqualTo(2);
            assertThat(result.aggregate().meta().actorId()).isEqualTo("bob");
        }

        @Test
        void a_stale_expected_version_is_a_conflict_at_once_and_never_retried() {
            String id = created();
            posts.update(id, "bob", new Rename("second"), 1);
            int appendsBefore = store.appendAttempts;

            assertThatThrownBy(() -> posts.update(id, "carol", new Rename("third"), 1))
                    .isInstanceOfSatisfying(ConflictException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ConflictException.Kind.VERSION_MISMATCH);
                        assertThat(e.expectedVersion()).isEqualTo(1);
                        assertThat(e.actualVersion()).contains(2L);
                        assertThat(e).hasMessage("Post %s version mismatch: expected 1, got 2".formatted(id));
                    });
            assertThat(store.appendAttempts).as("no append was attempted").isEqualTo(appendsBefore);
        }

        @Test
        void a_no_op_appends_nothing() {
            String id = created();
            int appendsBefore = store.appendAttempts;

            CommandResult<Event, Post> result = posts.update(id, "bob", new Rename("first"), 1);

            assertThat(result.changed()).isFalse();
            assertThat(result.events()).isEmpty();
            assertThat(result.aggregate().version()).isEqualTo(1);
            assertThat(store.appendAttempts).isEqualTo(appendsBefore);
        }

        @Test
        void a_domain_rejection_passes_through_and_appends_nothing() {
            String id = created();
            posts.update(id, "bob", new Publish(), 1);

            assertThatThrownBy(() -> posts.handle(CommandRequest.update(id, "bob", new Publish())))
                    .isInstanceOf(DomainException.class)
                    .hasMessage("post is already published");
            assertThat(store.batches).hasSize(2);
        }

        @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
        @org.junit.jupiter.params.provider.ValueSource(strings = {"", "   ", "tab\there", "nul\u0000", "newline\n"})
        void refuses_bad_aggregate_and_actor_ids_before_anything_is_read_or_written(String bad) {
            String id = created();
            int reads = store.reads;
            int appends = store.appendAttempts;

            assertThatThrownBy(() -> posts.handle(CommandRequest.update(bad, "alice", new Publish())))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("aggregateId");
            assertThatThrownBy(() -> posts.handle(CommandRequest.update(id, bad, new Publish())))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("actorId");
            assertThatThrownBy(() -> posts.handle(CommandRequest.createWithId(bad, "alice", new Create("x"))))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("aggregateId");
            assertThat(store.reads).isEqualTo(reads);
            assertThat(store.appendAttempts).isEqualTo(appends);
        }

        @Test
        void refuses_ids_over_1_kb() {
            assertThatThrownBy(() -> CommandRequest.update("p".repeat(1025), "alice", new Publish()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("aggregateId is 1025 characters long; at most 1024 are allowed");
            assertThatThrownBy(() -> CommandRequest.create("alice".repeat(205), new Create("x")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("actorId is 1025 characters long; at most 1024 are allowed");
            assertThat(store.appendAttempts).isZero();
        }

        @Test
        void refuses_a_negative_expected_version_and_a_null_command() {
            assertThatThrownBy(() ->
                            CommandRequest.update("p1", "a", new Publish()).expectingVersion(-1))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("expected version must be 0 or more, got -1");
            assertThatThrownBy(() -> CommandRequest.update("p1", "a", null))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("command is missing");
            assertThatThrownBy(() -> CommandRequest.update(" ", "a", new Publish()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("aggregateId is blank");
        }
    }

    @Nested
    class Races {
        @Test
        void a_race_lost_once_is_decided_again_on_the_fresh_state_and_wins() {
            String id = created();
            boolean[] raced = {false};
            store.beforeAppend(batch -> {
                if (!raced[0]) {
                    raced[0] = true;
                    otherWriterRenames(id, "by bob");
                }
            });

            CommandResult<Event, Post> result = posts.handle(CommandRequest.update(id, "alice", new Publish()));

            assertThat(result.attempts()).isEqualTo(2);
            assertThat(result.aggregate().version()).isEqualTo(3);
            assertThat(result.aggregate().state()).isEqualTo(new Post("by bob", true, List.of()));
        }

        @Test
        void gives_up_after_the_policy_s_attempts_with_a_clear_error_and_writes_nothing() {
            String id = created();
            store.beforeAppend(batch -> otherWriterRenames(id, "bob again " + store.appendAttempts));
            int batchesBefore = store.batches.size();

            assertThatThrownBy(() -> posts.handle(CommandRequest.update(id, "alice", new Publish())))
                    .isInstanceOfSatisfying(RetriesExhaustedException.class, e -> {
                        assertThat(e.attempts()).isEqualTo(3);
                        assertThat(e)
                                .hasMessageContaining("Post " + id + ": gave up after 3 attempts")
                                .hasCauseInstanceOf(ConflictException.class);
                    });
            assertThat(store.batches).hasSize(batchesBefore);
        }

        @Test
        void a_policy_bounded_by_time_gives_up_when_its_time_is_out_not_at_its_attempts() {
            String id = created();
            store.beforeAppend(batch -> otherWriterRenames(id, "bob again " + store.appendAttempts));
            var patient = handler(
                    new RetryPolicy(100_000, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(300)), 0);
            long start = System.nanoTime();

            assertThatThrownBy(() -> patient.handle(CommandRequest.update(id, "alice", new Publish())))
                    .isInstanceOfSatisfying(
                            RetriesExhaustedException.class,
                            e -> assertThat(e.attempts())
                                    .as("attempts until the time ran out")
                                    .isBetween(3, 99_999));
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("it gave up once its 300 ms were spent")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(300))
                    .isLessThan(Duration.ofSeconds(30));
        }

        @Test
        void a_lost_race_that_moves_the_aggregate_past_the_caller_s_version_is_a_version_mismatch() {
            String id = created();
            store.beforeAppend(batch -> otherWriterRenames(id, "by bob"));

            assertThatThrownBy(() -> posts.update(id, "alice", new Rename("mine"), 1))
                    .isInstanceOfSatisfying(ConflictException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ConflictException.Kind.VERSION_MISMATCH);
                        assertThat(e).hasMessageContaining("expected 1, got 2");
                    });
        }

        @Test
        void a_create_that_loses_the_race_to_another_create_is_already_exists() {
            store.beforeAppend(batch -> store.put(batch.aggregate()));

            assertThatThrownBy(() -> posts.handle(CommandRequest.createWithId("p1", "alice", new Create("x"))))
                    .isInstanceOfSatisfying(
                            ConflictException.class,
                            e -> assertThat(e.kind()).isEqualTo(ConflictException.Kind.ALREADY_EXISTS));
        }
    }

    @Nested
    class Caching {
        private final CommandHandler<Command, Event, Post> cached = handler(RetryPolicy.immediate(3), 100);

        @Test
        void a_warm_command_does_not_read() {
            String id = cached.create("alice", new Create("a")).aggregate().id();
            int readsAfterCreate = store.reads;

            cached.handle(CommandRequest.update(id, "alice", new Rename("b")));
            cached.update(id, "alice", new Rename("c"), 2);

            assertThat(store.reads).isEqualTo(readsAfterCreate);
            assertThat(store.batches).hasSize(3);
        }

        @Test
        void a_conflict_refreshes_the_cache_from_the_refusal_without_another_read() {
            String id = cached.create("alice", new Create("a")).aggregate().id();
            otherWriterRenames(id, "by bob");
            int reads = store.reads;

            CommandResult<Event, Post> result = cached.handle(CommandRequest.update(id, "alice", new Publish()));

            assertThat(result.attempts()).isEqualTo(2);
            assertThat(result.aggregate().state().title()).isEqualTo("by bob");
            assertThat(store.reads)
                    .as("the refusal carried the current aggregate")
                    .isEqualTo(reads);
        }

        @Test
        void a_conflict_without_the_current_aggregate_reads_it_again() {
            store.returnCurrentOnConflict = false;
            String id = cached.create("alice", new Create("a")).aggregate().id();
            otherWriterRenames(id, "by bob");
            int reads = store.reads;

            cached.handle(CommandRequest.update(id, "alice", new Publish()));

            assertThat(store.reads).isEqualTo(reads + 1);
        }

        @Test
        void a_cache_behind_the_caller_s_expected_version_is_reloaded_not_a_false_conflict() {
            String id = cached.create("alice", new Create("a")).aggregate().id();
            otherWriterRenames(id, "by bob");

            CommandResult<Event, Post> result = cached.update(id, "alice", new Publish(), 2);

            assertThat(result.aggregate().version()).isEqualTo(3);
        }
    }

    @Nested
    class Observing {
        private final List<String> seen = new java.util.ArrayList<>();
        private final CommandObserver observer = new CommandObserver() {
            @Override
            public void finished(
                    String aggregateName, String commandType, Outcome outcome, int attempts, java.time.Duration took) {
                assertThat(took.isNegative()).isFalse();
                seen.add("%s %s %s %d".formatted(aggregateName, commandType, outcome, attempts));
            }

            @Override
            public void retrying(String aggregateName, String commandType, int attempt) {
                seen.add("retrying %s %s after attempt %d".formatted(aggregateName, commandType, attempt));
            }
        };
        private final CommandHandler<Command, Event, Post> observed = CommandHandler.builder(POST, Posts.DECIDER)
                .store(store, store)
                .eventIds(EventIds.fixed(NOW, 12))
                .retryPolicy(RetryPolicy.immediate(3))
                .cacheSize(0)
                .observer(observer)
                .build();

        @Test
        void every_outcome_and_every_retried_race_is_reported_once() {
            String id =
                    observed.create("alice", new Create("first")).aggregate().id();
            observed.handle(CommandRequest.update(id, "alice", new Rename("first")));
            assertThatThrownBy(() -> observed.update(id, "alice", new Rename("x"), 7))
                    .isInstanceOf(ConflictException.class);
            boolean[] raced = {false};
            store.beforeAppend(batch -> {
                if (!raced[0]) {
                    raced[0] = true;
                    otherWriterRenames(id, "by bob");
                }
            });
            observed.handle(CommandRequest.update(id, "alice", new Publish()));
            store.beforeAppend(batch -> {});
            assertThatThrownBy(() -> observed.handle(CommandRequest.update(id, "alice", new Publish())))
                    .isInstanceOf(dev.escqrs.core.error.DomainException.class);

            assertThat(seen)
                    .containsExactly(
                            "Post Create APPENDED 1",
                            "Post Rename NO_OP 1",
                            "Post Rename CONFLICT 0",
                            "retrying Post Publish after attempt 1",
                            "Post Publish APPENDED 2",
                            "Post Publish REFUSED 0");
        }
    }
}
