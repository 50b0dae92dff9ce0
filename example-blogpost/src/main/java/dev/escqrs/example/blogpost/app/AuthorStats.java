package dev.escqrs.example.blogpost.app;

import static dev.escqrs.example.blogpost.domain.Author.AUTHOR;
import static dev.escqrs.example.blogpost.domain.BlogPosts.BLOG_POST;

import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.reaction.Reaction;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.core.reaction.ReactionObserver;
import dev.escqrs.core.reaction.Reactor;
import dev.escqrs.core.reaction.Send;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.BlogPostEvent.BlogPostPublished;
import java.util.List;

/**
 * The workflow between the two aggregates: when a post is published, its author's profile counts it. Only a post's
 * author may publish it, so the publishing event's actor is the author, and the profile's id. The command is a
 * {@code createOrUpdate}: an author's first published post creates the profile.
 */
public final class AuthorStats {
    /** The reactor's name: it starts the idempotency keys of its commands, and names its runner and ledger. */
    public static final String NAME = "author-stats";
    /** The actor of the commands it sends. */
    public static final String ACTOR = "reaction:" + NAME;

    /** Published post, counted on its author's profile. */
    public static final Reaction REACTION = Reaction.on(
            BLOG_POST,
            BlogPostPublished.class,
            (event, published) -> List.of(Send.to(
                    AUTHOR,
                    CommandRequest.createOrUpdate(
                            event.actorId(), ACTOR, new Author.CountPublishedPost(event.aggregateId())))));

    private AuthorStats() {}

    /** The reactor that runs it, sending through {@code authors}, recording in {@code ledger}. */
    public static Reactor reactor(
            CommandHandler<Author.Command, Author.Event, Author.Profile> authors,
            ReactionLedger ledger,
            ReactionObserver observer) {
        return Reactor.builder(NAME, REACTION)
                .handlers(authors)
                .ledger(ledger)
                .observer(observer)
                .build();
    }
}
