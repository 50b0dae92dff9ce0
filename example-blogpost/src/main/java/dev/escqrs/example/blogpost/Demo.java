package dev.escqrs.example.blogpost;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.example.blogpost.app.BlogPostService;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.AuthorForgottenException;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.ForbiddenException;
import java.io.PrintStream;
import java.util.Optional;

/**
 * The original TypeScript package's end-to-end scenario: create a post, read it back, list its events, change the
 * title, have a second change with the old version rejected ("expected 1, got 2"), publish; then the author's personal
 * data: alice sets her profile, an operator forgets her, and her profile reads erased.
 */
final class Demo {
    private Demo() {}

    static void run(BlogPostService service, PrintStream out) {
        out.println("1. alice creates a post titled \"Hello escqrs\"");
        Aggregate<BlogPost> post = service.create("alice", "Hello escqrs");
        show(out, post);

        out.println("2. read it back through the aggregate reader (one read, no replay)");
        show(out, service.find(post.id()).orElseThrow());

        out.println("3. list its events");
        service.events(post.id()).forEach(e -> event(out, e));

        out.println("4. alice changes the title, having seen version 1");
        Aggregate<BlogPost> renamed = service.changeTitle(post.id(), "alice", "Hello again, escqrs", 1);
        show(out, renamed);

        out.println("5. bob changes the title too, but he also saw version 1");
        try {
            service.changeTitle(post.id(), "bob", "Bob's title", 1);
            out.println("   accepted (this should not happen)");
        } catch (ConflictException e) {
            out.println("   rejected: " + e.getMessage());
        }

        out.println("6. eve, who is not the author, tries to publish it");
        try {
            service.publish(post.id(), "eve", renamed.version());
            out.println("   accepted (this should not happen)");
        } catch (ForbiddenException e) {
            out.println("   refused: " + e.getMessage());
        }

        out.println("7. alice publishes, having seen version 2");
        show(out, service.publish(post.id(), "alice", renamed.version()));

        out.println("8. the post's history");
        service.events(post.id()).forEach(e -> event(out, e));

        out.println("9. alice sets her profile: her name and email are personal data, stored encrypted with her key");
        author(
                out,
                service.setProfile("alice", "alice", "Alice Example", "alice@example.com", Optional.empty())
                        .aggregate());

        out.println("10. olivia, an operator, forgets alice: her key is deleted, then AuthorForgotten is appended");
        author(out, service.forget("alice", "olivia").aggregate());

        out.println("11. alice tries to set her profile again");
        try {
            service.setProfile("alice", "alice", "Alice Again", "alice@example.com", Optional.empty());
            out.println("    accepted (this should not happen)");
        } catch (AuthorForgottenException e) {
            out.println("    refused: " + e.getMessage());
        }
    }

    private static void author(PrintStream out, Aggregate<Author.Profile> author) {
        out.printf(
                "    %s v%d: %s <%s>%s%n",
                author.id(),
                author.version(),
                author.state().name(),
                author.state().email(),
                author.state().forgotten() ? ", forgotten" : "");
    }

    private static void show(PrintStream out, Aggregate<BlogPost> post) {
        out.printf(
                "   %s v%d \"%s\" by %s, %s, last changed by %s%n",
                post.id(),
                post.version(),
                post.state().title(),
                post.state().authorId(),
                post.state().published() ? "published" : "draft",
                post.meta().actorId());
    }

    private static void event(PrintStream out, AggregateEvent<BlogPostEvent> event) {
        out.printf(
                "   v%d %s by %s at %s: %s%n",
                event.aggregateVersion(), event.eventName(), event.actorId(), event.occurredAt(), event.payload());
    }
}
