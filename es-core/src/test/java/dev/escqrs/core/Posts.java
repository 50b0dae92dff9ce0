package dev.escqrs.core;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.error.DomainException;
import dev.escqrs.core.event.EventTypes;
import java.util.List;

/** A small post aggregate for the kernel's own tests. */
public final class Posts {
    private Posts() {}

    public sealed interface Command permits Create, Rename, Publish, CreateWithTags {}

    public record Create(String title) implements Command {}

    public record Rename(String title) implements Command {}

    public record Publish() implements Command {}

    public record CreateWithTags(String title, List<String> tags) implements Command {}

    public sealed interface Event permits Created, Renamed, Published, Tagged {}

    public record Created(String title) implements Event {}

    public record Renamed(String title) implements Event {}

    public record Published() implements Event {}

    public record Tagged(String tag) implements Event {}

    public record Post(String title, boolean published, List<String> tags) {
        public static final Post NONE = new Post("", false, List.of());
    }

    public static final EventTypes TYPES = EventTypes.builder()
            .register("PostCreated", Created.class)
            .register("PostRenamed", Renamed.class)
            .register("PostPublished", Published.class)
            .register("PostTagged", Tagged.class)
            .build();

    public static final AggregateType<Event, Post> POST = AggregateType.of("Post", Post.class, Event.class, TYPES);

    public static final Decider<Command, Event, Post> DECIDER = new Decider<>() {
        @Override
        public Post initialState() {
            return Post.NONE;
        }

        @Override
        public List<Event> decide(Command command, Post state) {
            return switch (command) {
                case Create create -> List.of(new Created(create.title()));
                case CreateWithTags create -> {
                    var events = new java.util.ArrayList<Event>();
                    events.add(new Created(create.title()));
                    create.tags().forEach(tag -> events.add(new Tagged(tag)));
                    yield events;
                }
                case Rename rename ->
                    state.title().equals(rename.title()) ? List.of() : List.of(new Renamed(rename.title()));
                case Publish publish -> {
                    if (state.published()) {
                        throw new DomainException("post is already published");
                    }
                    yield List.of(new Published());
                }
            };
        }

        @Override
        public Post evolve(Post state, Event event) {
            return switch (event) {
                case Created created -> new Post(created.title(), false, List.of());
                case Renamed renamed -> new Post(renamed.title(), state.published(), state.tags());
                case Published published -> new Post(state.title(), true, state.tags());
                case Tagged tagged -> {
                    var tags = new java.util.ArrayList<>(state.tags());
                    tags.add(tagged.tag());
                    yield new Post(state.title(), state.published(), List.copyOf(tags));
                }
            };
        }
    };
}
