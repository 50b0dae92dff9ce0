package dev.escqrs.testkit.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The server fixture finds or starts a real server that the real SDK talks to over HTTP. */
class DynamoDbTestServerTest {
    private final DynamoDbTestServer server = DynamoDbTestServer.get();

    @Test
    void the_server_answers_and_keeps_what_it_is_given() {
        String table = server.tablePrefix(getClass()) + "probe";
        DynamoDbClient client = server.client();
        client.createTable(b -> b.tableName(table)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("id")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(KeySchemaElement.builder()
                        .attributeName("id")
                        .keyType(KeyType.HASH)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST));

        assertThat(client.listTables().tableNames()).contains(table);
        assertThat(server.endpoint().getScheme()).isEqualTo("http");
        assertThat(server.origin()).isIn("environment", "container", "moto_server process");
    }

    @Test
    void the_one_connection_client_talks_to_the_same_server() {
        String table = server.tablePrefix(getClass()) + "seen-by-both";
        server.client()
                .createTable(b -> b.tableName(table)
                        .attributeDefinitions(AttributeDefinition.builder()
                                .attributeName("id")
                                .attributeType(ScalarAttributeType.S)
                                .build())
                        .keySchema(KeySchemaElement.builder()
                                .attributeName("id")
                                .keyType(KeyType.HASH)
                                .build())
                        .billingMode(BillingMode.PAY_PER_REQUEST));
        try (DynamoDbClient one = server.oneConnectionClient()) {
            assertThat(one.listTables().tableNames())
                    .as("a table the other client made")
                    .contains(table);
        }
    }

    @Test
    void is_one_server_per_jvm_and_table_prefixes_differ_per_call() {
        assertThat(DynamoDbTestServer.get()).isSameAs(server);
        assertThat(server.tablePrefix(getClass()))
                .isNotEqualTo(server.tablePrefix(getClass()))
                .startsWith("t-DynamoDbTestServerTest-");
    }
}
