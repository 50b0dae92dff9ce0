package com.example.posts;

import com.example.posts.Posts.Post;
import com.example.posts.Posts.PostCommand;
import com.example.posts.Posts.PostEvent;
import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.core.error.NotFoundException;
import dev.escqrs.spring.boot.CommandHandlers;
import dev.escqrs.spring.boot.web.CommandResponses;
import dev.escqrs.spring.boot.web.ExpectedVersion;
import dev.escqrs.spring.boot.web.IdempotencyKey;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.security.Principal;
import java.util.Optional;
import java.util.SortedSet;

/**
 * The HTTP API, on the starter's web layer: {@code Idempotency-Key} makes a retried create safe, {@code If-Match}
 * (the {@code ETag} a read or a write returned) makes a publish run only on the version the client saw, and every
 * escqrs error is answered as problem details (400, 404, 409, 412, 422, 428, 503). The actor is the authenticated
 * user.
 */
@RestController
class PostsController {
    record NewPost(String title) {
    }

    record PostView(String id, long version, String title, String author, boolean published) {
        static PostView of(Aggregate<Post> post) {
            return new PostView(post.id(), post.version(), post.state().title(), post.state().author(),
                    post.state().published());
        }
    }

    record AuthorView(String id, int publishedPosts) {
    }

    private final CommandHandler<PostCommand, PostEvent, Post> posts;
    private final CommandHandler<Authors.AuthorCommand, Authors.AuthorEvent, Authors.Profile> authors;
    private final PublishedTitles titles;

    PostsController(CommandHandlers handlers, PublishedTitles titles) {
        this.posts = handlers.get(Posts.POST);
        this.authors = handlers.get(Authors.AUTHOR);
        this.titles = titles;
    }

    @PostMapping("/posts")
    ResponseEntity<PostView> create(Optional<IdempotencyKey> key, @RequestBody NewPost body, Principal actor) {
        CommandResult<PostEvent, Post> result = posts.handle(IdempotencyKey.applyTo(key, CommandRequest.create(
                actor.getName(), (PostCommand) new PostCommand.Create(body.title(), actor.getName()))));
        return CommandResponses.created(URI.create("/posts/" + result.aggregate().id()), result)
                .body(PostView.of(result.aggregate()));
    }

    /** Requires {@code If-Match}: 428 without it, 412 when the post moved on since the client read it. */
    @PostMapping("/posts/{id}/publish")
    ResponseEntity<PostView> publish(@PathVariable("id") String id, ExpectedVersion expected,
                                     Optional<IdempotencyKey> key, Principal actor) {
        CommandResult<PostEvent, Post> result = posts.handle(IdempotencyKey.applyTo(key, expected.applyTo(
                CommandRequest.update(id, actor.getName(), (PostCommand) new PostCommand.Publish(actor.getName())))));
        return CommandResponses.ok(result).body(PostView.of(result.aggregate()));
    }

    @GetMapping("/posts/{id}")
    ResponseEntity<PostView> read(@PathVariable("id") String id) {
        Aggregate<Post> post = posts.read(id).orElseThrow(() -> new NotFoundException(Posts.POST.name(), id));
        return ResponseEntity.ok().eTag(CommandResponses.etag(post.version())).body(PostView.of(post));
    }

    /** The read model: eventually consistent, a moment behind the writes. */
    @GetMapping("/posts/published")
    SortedSet<String> published() {
        return titles.titles();
    }

    @GetMapping("/authors/{id}")
    AuthorView author(@PathVariable("id") String id) {
        return new AuthorView(id, authors.read(id).map(profile -> profile.state().publishedPosts()).orElse(0));
    }
}
