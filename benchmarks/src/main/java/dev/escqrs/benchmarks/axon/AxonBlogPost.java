package dev.escqrs.benchmarks.axon;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The blog post written the Axon way (annotated aggregate, commands and events), with the same rules as escqrs's. */
public class AxonBlogPost {
    public record CreatePost(String id, String title, String authorId) {}

    public record ChangeTitle(@TargetAggregateIdentifier String id, String title) {}

    public record PostCreated(String id, String title, String authorId) {}

    public record TitleChanged(String id, String title) {}

    @AggregateIdentifier
    private String id;

    private String title;
    private String authorId;

    protected AxonBlogPost() {}

    @CommandHandler
    public AxonBlogPost(CreatePost command) {
        apply(new PostCreated(command.id(), title(command.title()), command.authorId()));
    }

    @CommandHandler
    public void handle(ChangeTitle command) {
        String changed = title(command.title());
        if (!changed.equals(title)) {
            apply(new TitleChanged(id, changed));
        }
    }

    @EventSourcingHandler
    void on(PostCreated event) {
        this.id = event.id();
        this.title = event.title();
        this.authorId = event.authorId();
    }

    @EventSourcingHandler
    void on(TitleChanged event) {
        this.title = event.title();
    }

    public String authorId() {
        return authorId;
    }

    private static String title(String raw) {
        String title = raw == null ? "" : raw.strip();
        if (title.isEmpty() || title.length() > 200) {
            throw new IllegalArgumentException("a title is 1 to 200 characters long");
        }
        return title;
    }
}
