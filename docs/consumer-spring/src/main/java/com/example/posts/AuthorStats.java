package com.example.posts;

import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.reaction.Reaction;
import dev.escqrs.core.reaction.Send;

import java.util.List;

/**
 * The workflow between the two aggregates: a published post is counted on its author's profile. Only a post's author
 * may publish it, so the event's actor is the author and the profile's id; the first count creates the profile.
 */
public final class AuthorStats {
    /** Its name starts the idempotency keys of its commands and names its ledger: never rename it once it ran. */
    public static final String NAME = "author-stats";

    public static final Reaction REACTION = Reaction.on(Posts.POST, Posts.PostEvent.Published.class,
            (event, published) -> List.of(Send.to(Authors.AUTHOR, CommandRequest.createOrUpdate(event.actorId(),
                    "reaction:" + NAME, new Authors.AuthorCommand.CountPublishedPost(event.aggregateId())))));

    private AuthorStats() {
    }
}
