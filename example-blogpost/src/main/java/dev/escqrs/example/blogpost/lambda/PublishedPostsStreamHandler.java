package dev.escqrs.example.blogpost.lambda;

import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.dynamodb.LambdaStreamEventDecoder;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The published-posts projection as a Lambda on the events table's stream. Its signature is that of Lambda's
 * {@code RequestStreamHandler} (without the {@code Context}, so no Lambda library is needed here): the input is the
 * stream event JSON Lambda delivers. In a real deployment the read model would live in its own table; here it is the
 * in-memory {@link PublishedPosts}.
 */
public final class PublishedPostsStreamHandler {
    private final LambdaStreamEventDecoder decoder;
    private final PublishedPosts publishedPosts;

    public PublishedPostsStreamHandler(LambdaStreamEventDecoder decoder, PublishedPosts publishedPosts) {
        this.decoder = decoder;
        this.publishedPosts = publishedPosts;
    }

    public void handleRequest(InputStream input, OutputStream output) throws IOException {
        List<AggregateEvent<Object>> events = decoder.decode(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        publishedPosts.apply(events);
        output.write("{\"applied\":%d}".formatted(events.size()).getBytes(StandardCharsets.UTF_8));
    }
}
