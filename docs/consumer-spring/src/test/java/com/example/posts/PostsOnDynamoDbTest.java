package com.example.posts;

import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same API on DynamoDB: moto, found or started by {@link DynamoDbTestServer}, with tables of this class's own
 * (the starter creates them, the reaction's ledger included) and the emulator setting (moto loses acknowledged writes
 * when requests overlap, so the clients send one at a time).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "escqrs.projections.poll-interval=100ms", "spring.security.user.password=" + PostsApi.PASSWORD})
class PostsOnDynamoDbTest extends PostsApi {
    @DynamicPropertySource
    static void dynamoDb(DynamicPropertyRegistry properties) {
        DynamoDbTestServer server = DynamoDbTestServer.get();
        properties.add("escqrs.store", () -> "dynamodb");
        properties.add("escqrs.dynamodb.endpoint", () -> server.endpoint().toString());
        properties.add("escqrs.dynamodb.emulator", () -> "true");
        properties.add("escqrs.dynamodb.table-prefix", () -> server.tablePrefix(PostsOnDynamoDbTest.class));
        properties.add("escqrs.dynamodb.create-tables", () -> "true");
    }
}
