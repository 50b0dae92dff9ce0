package dev.escqrs.core.command;

import static dev.escqrs.core.Posts.POST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.Posts;
import dev.escqrs.core.Posts.Command;
import dev.escqrs.core.Posts.Create;
import dev.escqrs.core.Posts.Event;
import dev.escqrs.core.Posts.Post;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.event.EventMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the command handler tells its tracer, and the trace context it stores with the events. */
class CommandTracerTest {
    private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final ScriptedStore store = new ScriptedStore();
    private final List<String> told = new ArrayList<>();
    private final CommandTracer tracer = (aggregateName, commandType) -> {
        told.add("start " + aggregateName + " " + commandType);
        return new CommandTracer.Trace() {
            @Override
            public Optional<String> traceParent() {
                return Optional.of(TRACE);
            }

            @Override
            public void finished(CommandObserver.Outcome outcome, int attempts, Optional<Throwable> failure) {
                told.add("finished " + outcome + " " + attempts
                        + failure.map(f -> " " + f.getMessage()).orElse(""));
            }

            @Override
            public void close() {
                told.add("close");
            }
        };
    };

    private final CommandHandler<Command, Event, Post> posts = CommandHandler.builder(POST, Posts.DECIDER)
            .store(store, store)
            .cacheSize(0)
            .tracer(tracer)
            .build();

    @Test
    void a_command_is_started_finished_and_closed_and_its_events_carry_the_trace_context() {
        String id = posts.create("alice", new Create("first")).aggregate().id();

        assertThat(told).containsExactly("start Post Create", "finished APPENDED 1", "close");
        assertThat(store.events(POST, id, 1).toList())
                .extracting(e -> e.metadata().traceParent())
                .containsOnly(Optional.of(TRACE));
    }

    @Test
    void a_trace_context_the_caller_set_is_kept() {
        String theirs = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        CommandRequest<Command> request = CommandRequest.create("alice", (Command) new Create("first"))
                .withMetadata(EventMetadata.NONE.withTraceParent(theirs));

        String id = posts.handle(request).aggregate().id();

        assertThat(store.events(POST, id, 1)
                        .findFirst()
                        .orElseThrow()
                        .metadata()
                        .traceParent())
                .contains(theirs);
    }

    @Test
    void a_failure_is_told_to_the_tracer_and_the_trace_is_closed_all_the_same() {
        store.beforeAppend(batch -> {
            throw new IllegalStateException("the store is gone");
        });

        assertThatThrownBy(() -> posts.create("alice", new Create("first"))).hasMessageContaining("the store is gone");
        assertThat(told).containsExactly("start Post Create", "finished FAILED 0 the store is gone", "close");
    }

    @Test
    void a_trace_context_that_is_not_w3c_is_refused() {
        assertThatThrownBy(() -> EventMetadata.NONE.withTraceParent("not-a-trace"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a W3C traceparent");
        assertThat(EventMetadata.isTraceParent(TRACE)).isTrue();
    }
}
