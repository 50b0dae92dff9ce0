package dev.escqrs.example.blogpost.lambda;

import dev.escqrs.core.port.DecodedBatch;
import dev.escqrs.core.projection.Projector;
import dev.escqrs.dynamodb.LambdaStreamEventDecoder;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The published-posts projection as a Lambda on the events table's stream. Its signature is that of Lambda's
 * {@code RequestStreamHandler} (without the {@code Context}, so no Lambda library is needed here): the input is the
 * stream event JSON Lambda delivers. It applies through the same {@link Projector} as the service's runner: events of
 * other aggregate types are ignored, repeats skipped, and a gap (a version whose predecessors were in another batch,
 * or lost) filled from the event store. Records that are not events of ours are skipped and counted, not a reason to
 * fail the batch (build it with {@link LambdaStreamEventDecoder#skipping}).
 */
public final class PublishedPostsStreamHandler {
    private final LambdaStreamEventDecoder decoder;
    private final Projector projector;

    /**
     * @param projector a projector of {@link PublishedPosts} over the event store, for the blog post type
     */
    public PublishedPostsStreamHandler(LambdaStreamEventDecoder decoder, Projector projector) {
        this.decoder = decoder;
        this.projector = projector;
    }

    public void handleRequest(InputStream input, OutputStream output) throws IOException {
        DecodedBatch batch = decoder.decodeBatch(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        Projector.Counts before = projector.counts();
        projector.apply(batch.events());
        Projector.Counts after = projector.counts();
        output.write("{\"applied\":%d,\"repeats\":%d,\"ignored\":%d,\"skipped\":%d}".formatted(
                after.applied() - before.applied(), after.repeats() - before.repeats(),
                after.ignored() - before.ignored(), batch.skipped().size()).getBytes(StandardCharsets.UTF_8));
    }
}
