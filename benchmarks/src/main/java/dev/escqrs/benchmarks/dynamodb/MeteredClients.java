package dev.escqrs.benchmarks.dynamodb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.dynamodb.RequestCounter;
import java.net.URI;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * ChangeFeedIndexCost's two clients, on the HTTP client it is given, and what they count: requests on the wire (both
 * clients, {@link RequestCounter}), capacity computed from the items' sizes ({@link CapacityMeter}, the DynamoDB
 * client), and the index's chunk items sized apart ({@link ChunkMeter}, the DynamoDB client).
 */
final class MeteredClients {
    private final RequestCounter counter = new RequestCounter();
    private final CapacityMeter capacity;
    private final ChunkMeter chunks;
    final DynamoDbClient client;
    final DynamoDbStreamsClient streams;

    MeteredClients(SdkHttpClient http, URI endpoint, TableNames tables) {
        this.capacity = new CapacityMeter(tables.eventsTable());
        this.chunks = new ChunkMeter(tables.indexTable());
        this.client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(DynamoDbTestServer.REGION)
                .credentialsProvider(DynamoDbTestServer.credentials())
                .httpClient(http)
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)
                        .addExecutionInterceptor(capacity)
                        .addExecutionInterceptor(chunks))
                .build();
        this.streams = DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint)
                .region(DynamoDbTestServer.REGION)
                .credentialsProvider(DynamoDbTestServer.credentials())
                .httpClient(http)
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
                .build();
    }

    /** Requests, capacity and bytes counted since the last {@link #reset()}, and the milliseconds since a start. */
    ObjectNode cost(ObjectMapper json, long startNanos) {
        return DynamoDbComparison.cost(json, counter, capacity).put("ms", millisSince(startNanos));
    }

    /** The index's chunk items written since the last {@link #reset()}. */
    ObjectNode chunks(ObjectMapper json) {
        return chunks.toJson(json);
    }

    void reset() {
        counter.reset();
        capacity.reset();
        chunks.reset();
    }

    void close() {
        client.close();
        streams.close();
    }

    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
