package dev.escqrs.example.blogpost.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.error.NotFoundException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.example.blogpost.app.BlogPostService;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The routes of {@code /posts}: create, read, retitle and publish a post, read its events, list the published ones.
 * A write reads its actor ({@link Authentication}), its {@code Idempotency-Key}, {@code If-Match} and body
 * ({@link Requests}), then calls one use case of {@link BlogPostService}.
 */
final class PostEndpoints {
    /** The body of a create or a title change. */
    record TitleBody(String title) {}

    private final BlogPostService service;
    private final Authentication auth;
    private final ObjectMapper json;

    PostEndpoints(BlogPostService service, Authentication auth, ObjectMapper json) {
        this.service = service;
        this.auth = auth;
        this.json = json;
    }

    void create(Context ctx) throws IOException {
        String actor = auth.actor(ctx);
        Optional<String> key = Requests.idempotencyKey(ctx);
        TitleBody body = Requests.body(ctx, TitleBody.class, json);
        CommandResult<BlogPostEvent, BlogPost> created = service.create(actor, body.title(), key);
        ctx.header("Location", "/posts/" + created.aggregate().id());
        sendResult(ctx, 201, created);
    }

    void find(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        sendPost(ctx, 200, service.find(id).orElseThrow(() -> new NotFoundException("BlogPost", id)));
    }

    void events(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        List<AggregateEvent<BlogPostEvent>> events = service.events(id);
        if (events.isEmpty()) {
            throw new NotFoundException("BlogPost", id);
        }
        Responses.send(ctx, json, 200, events.stream().map(Views::eventJson).toList());
    }

    void changeTitle(Context ctx) throws IOException {
        String actor = auth.actor(ctx);
        Optional<String> key = Requests.idempotencyKey(ctx);
        long expected = Requests.ifMatch(ctx);
        TitleBody body = Requests.body(ctx, TitleBody.class, json);
        sendResult(ctx, 200, service.changeTitle(ctx.pathParam("id"), actor, body.title(), expected, key));
    }

    void publish(Context ctx) throws IOException {
        String actor = auth.actor(ctx);
        Optional<String> key = Requests.idempotencyKey(ctx);
        long expected = Requests.ifMatch(ctx);
        sendResult(ctx, 200, service.publish(ctx.pathParam("id"), actor, expected, key));
    }

    /**
     * {@code GET /posts?published=true[&limit=N][&cursor=C][&waitFor=ID:VERSION]}: a page of published posts, newest
     * first, and a {@code Link: <...>; rel="next"} header while there are more.
     */
    void listPublished(Context ctx) throws IOException, InterruptedException {
        if (!"true".equals(ctx.queryParam("published"))) {
            throw new HttpError(400, ProblemType.INVALID_QUERY, "list published posts with GET /posts?published=true");
        }
        int limit = PublishedPosts.DEFAULT_PAGE;
        String limitParam = ctx.queryParam("limit");
        if (limitParam != null) {
            try {
                limit = PublishedPosts.requireLimit(Integer.parseInt(limitParam));
            } catch (IllegalArgumentException e) {
                throw new HttpError(
                        400,
                        ProblemType.INVALID_LIMIT,
                        "limit must be a number from 1 to " + PublishedPosts.MAX_PAGE + "; got "
                                + Requests.abbreviate(limitParam));
            }
        }
        Optional<PublishedPosts.Cursor> cursor;
        try {
            cursor = Optional.ofNullable(ctx.queryParam("cursor")).map(PublishedPosts.Cursor::parse);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, ProblemType.INVALID_CURSOR, e.getMessage());
        }
        Optional<BlogPostService.Written> waitFor =
                Optional.ofNullable(ctx.queryParam("waitFor")).map(Requests::written);
        PublishedPosts.Page page = service.published(limit, cursor, waitFor);
        if (page.next().isPresent()) {
            ctx.header(
                    "Link",
                    "</posts?published=true&limit=%d&cursor=%s>; rel=\"next\""
                            .formatted(limit, page.next().get().token()));
        }
        Responses.send(ctx, json, 200, page.posts());
    }

    /**
     * A write's response. A replay (a repeat of an idempotency key) gets the first response: the same status, body,
     * {@code ETag} and {@code Location}, and {@code Idempotent-Replayed: true}.
     */
    private void sendResult(Context ctx, int status, CommandResult<BlogPostEvent, BlogPost> result) throws IOException {
        if (result.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        sendPost(ctx, status, result.aggregate());
    }

    private void sendPost(Context ctx, int status, Aggregate<BlogPost> post) throws IOException {
        ctx.header("ETag", "\"" + post.version() + "\"");
        Responses.send(ctx, json, status, Views.postJson(post));
    }
}
