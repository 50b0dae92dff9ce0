package dev.escqrs.dynamodb.kcl;

import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.kinesis.metrics.MetricsLevel;

/**
 * The clients a worker gets in these tests, as a container would run it: clients of its own, each with one
 * connection to moto (Netty with {@code maxConcurrency(1)} for KCL's async clients), and the timings that make KCL
 * start and fail over in seconds.
 */
record KclClients(DynamoDbAsyncClient leases, CloudWatchAsyncClient metrics, DynamoDbStreamsClient streams)
        implements AutoCloseable {

    /** {@code streamFaults}: an interceptor on the Streams client, to inject the stream's answers. */
    static KclClients of(DynamoDbTestServer server, Optional<ExecutionInterceptor> streamFaults) {
        DynamoDbAsyncClient leases = DynamoDbAsyncClient.builder()
                .endpointOverride(server.endpoint())
                .region(DynamoDbTestServer.REGION)
                .credentialsProvider(DynamoDbTestServer.credentials())
                .httpClientBuilder(oneConnection())
                .build();
        CloudWatchAsyncClient metrics = CloudWatchAsyncClient.builder()
                .endpointOverride(server.endpoint())
                .region(DynamoDbTestServer.REGION)
                .credentialsProvider(DynamoDbTestServer.credentials())
                .httpClientBuilder(oneConnection())
                .build();
        DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
                .endpointOverride(server.endpoint())
                .region(DynamoDbTestServer.REGION)
                .credentialsProvider(DynamoDbTestServer.credentials())
                .httpClientBuilder(Apache5HttpClient.builder()
                        .maxConnections(1)
                        .connectionAcquisitionTimeout(Duration.ofMinutes(2)))
                .overrideConfiguration(o -> streamFaults.ifPresent(o::addExecutionInterceptor))
                .build();
        return new KclClients(leases, metrics, streams);
    }

    /** These clients and the test timings (failover 3 s, worker metrics every 2 s, idle reads 200 ms, no metrics). */
    <B extends KclOptions<B>> B configure(B builder) {
        return builder.clients(leases, metrics, streams, DynamoDbTestServer.REGION)
                .failover(Duration.ofSeconds(3), Duration.ofSeconds(2))
                .idleTimeBetweenReads(Duration.ofMillis(200))
                .metricsLevel(MetricsLevel.NONE);
    }

    private static NettyNioAsyncHttpClient.Builder oneConnection() {
        return NettyNioAsyncHttpClient.builder()
                .maxConcurrency(1)
                .connectionAcquisitionTimeout(Duration.ofMinutes(2))
                .maxPendingConnectionAcquires(100_000);
    }

    @Override
    public void close() {
        leases.close();
        metrics.close();
        streams.close();
    }
}
