package dev.escqrs.example.blogpost.http;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.projection.ProjectionStatus;
import dev.escqrs.dynamodb.feed.DynamoDbIndexer;
import dev.escqrs.example.blogpost.app.InProcessIndexer;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.BlogPost;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the API shows posts, events and the state of the read model and the indexer, as JSON objects. */
final class Views {
    private Views() {}

    /**
     * An author as the API shows them: the name once they set a profile (to everyone), the email only when
     * {@code withEmail} (the author themself asks); both read {@code "[erased]"} once the author was forgotten.
     */
    static Map<String, Object> authorJson(Aggregate<Author.Profile> author, boolean withEmail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", author.id());
        body.put("version", author.version());
        Author.Profile profile = author.state();
        if (profile.name() != null) {
            body.put("name", profile.name());
        }
        if (withEmail && profile.email() != null) {
            body.put("email", profile.email());
        }
        body.put("forgotten", profile.forgotten());
        body.put("publishedPosts", profile.publishedPosts());
        body.put("updatedAt", author.meta().updatedAt().toString());
        return body;
    }

    static Map<String, Object> readModelJson(ProjectionStatus status) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", status.name());
        json.put("phase", status.phase().name().toLowerCase());
        json.put("lagSeconds", status.lag().toMillis() / 1000.0);
        status.caughtUpAt().ifPresent(at -> json.put("caughtUpAt", at.toString()));
        status.lastApplied()
                .ifPresent(event -> json.put(
                        "lastApplied",
                        Map.of(
                                "aggregateId",
                                event.aggregateId(),
                                "version",
                                event.aggregateVersion(),
                                "occurredAt",
                                event.occurredAt().toString())));
        status.lastAppliedAt().ifPresent(at -> json.put("lastAppliedAt", at.toString()));
        json.put("heals", status.heals());
        json.put("failures", status.failures());
        json.put("parked", status.parked());
        // the kind only: /health is not authenticated, and the log has the whole story
        status.lastFailure().ifPresent(f -> json.put("lastFailure", f.getClass().getSimpleName()));
        return json;
    }

    /** The indexer run here: its phase, whether it is healthy, its lag and counts. */
    static Map<String, Object> indexerJson(InProcessIndexer.Report report) {
        DynamoDbIndexer.Status status = report.status();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("phase", report.phase().name().toLowerCase());
        json.put("healthy", report.isHealthy());
        report.lag().ifPresent(lag -> json.put("lagSeconds", lag.toMillis() / 1000.0));
        status.caughtUpAt().ifPresent(at -> json.put("caughtUpAt", at.toString()));
        json.put("entries", status.entries());
        json.put("repeats", status.repeats());
        json.put("skippedRecords", status.skippedRecords());
        json.put("heals", status.heals());
        // the kind only, as for the read model: the status says "Kind: message"
        status.lastFailure().ifPresent(f -> json.put("lastFailure", f.split(":", 2)[0]));
        return json;
    }

    /** The post as the API shows it. */
    static Map<String, Object> postJson(Aggregate<BlogPost> post) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", post.id());
        body.put("version", post.version());
        body.put("title", post.state().title());
        body.put("authorId", post.state().authorId());
        body.put("published", post.state().published());
        body.put("createdAt", post.meta().createdAt().toString());
        body.put("updatedAt", post.meta().updatedAt().toString());
        body.put("actorId", post.meta().actorId());
        return body;
    }

    static Map<String, Object> eventJson(AggregateEvent<?> event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", event.eventId());
        body.put("eventName", event.eventName());
        body.put("aggregateName", event.aggregateName());
        body.put("aggregateId", event.aggregateId());
        body.put("aggregateVersion", event.aggregateVersion());
        body.put("actorId", event.actorId());
        body.put("occurredAt", event.occurredAt().toString());
        body.put("payload", event.payload());
        return body;
    }
}
