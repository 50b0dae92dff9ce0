package dev.escqrs.example.blogpost.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.error.NotFoundException;
import dev.escqrs.example.blogpost.app.BlogPostService;
import dev.escqrs.example.blogpost.domain.Author;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Optional;

/**
 * The routes of {@code /authors/{id}}: read an author, set their profile (the author only), forget them (operators
 * only). The profile is personal data: the email is shown to the author alone, and no body is logged.
 */
final class AuthorEndpoints {
    /** The body of a profile: personal data, never logged (the access log has no bodies). */
    record ProfileBody(String name, String email) {}

    private final BlogPostService service;
    private final Authentication auth;
    private final ObjectMapper json;

    AuthorEndpoints(BlogPostService service, Authentication auth, ObjectMapper json) {
        this.service = service;
        this.auth = auth;
        this.json = json;
    }

    /**
     * An author: their name and the number of their published posts (counted by the author-stats reaction) to
     * anyone; their email too when the request is authenticated as the author.
     */
    void author(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        boolean themself = (ctx.header("Authorization") != null || ctx.header("X-Actor-Id") != null)
                && auth.actor(ctx).equals(id);
        Aggregate<Author.Profile> author = service.author(id).orElseThrow(() -> new NotFoundException("Author", id));
        ctx.header("ETag", "\"" + author.version() + "\"");
        Responses.send(ctx, json, 200, Views.authorJson(author, themself));
    }

    /**
     * {@code DELETE /authors/{id}}, for operators only (a token with the operator role, as the console's; 403 for
     * anyone else): forgets the author (see {@link BlogPostService#forget}) and answers 204. Repeating it answers 204
     * again and changes nothing.
     */
    void forget(Context ctx) {
        String operator = auth.operator(ctx);
        service.forget(ctx.pathParam("id"), operator);
        ctx.status(204);
    }

    /**
     * {@code PUT /authors/{id}/profile} {@code {"name": "...", "email": "..."}}: the author sets their own profile
     * (403 for anyone else). No {@code If-Match}: the author-stats workflow moves an author's version whenever one of
     * their posts is published, and the profile has one writer, the author, whose last write wins.
     */
    void setProfile(Context ctx) throws IOException {
        String actor = auth.actor(ctx);
        Optional<String> key = Requests.idempotencyKey(ctx);
        ProfileBody body = Requests.body(ctx, ProfileBody.class, json, "{\"name\": \"...\", \"email\": \"...\"}");
        CommandResult<Author.Event, Author.Profile> result =
                service.setProfile(ctx.pathParam("id"), actor, body.name(), body.email(), key);
        if (result.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        ctx.header("ETag", "\"" + result.aggregate().version() + "\"");
        Responses.send(ctx, json, 200, Views.authorJson(result.aggregate(), true));
    }
}
