package dev.escqrs.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.error.StoreUnavailableException;
import dev.escqrs.core.privacy.DataKey;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.contract.DataKeysContract;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.internal.Account;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@link DynamoDbDataKeys} on the test server's DynamoDB and KMS against the data keys contract, and what the table
 * holds: a wrapped key, never the key; after a forget, a tombstone without any key.
 */
class DynamoDbDataKeysTest extends DataKeysContract {
    private static final KmsClient KMS = DynamoDbTestServer.get().kmsClient();
    private static final String KMS_KEY = KMS.createKey(b -> b.description("escqrs DynamoDbDataKeysTest"))
            .keyMetadata()
            .keyId();
    private final TableNames tables =
            DynamoDbFixture.freshTables(getClass(), DynamoDbFixture.CLIENTS.dynamoDb(), Account.AGGREGATE_NAMES);

    DynamoDbDataKeysTest() {
        new DynamoDbTables(DynamoDbFixture.CLIENTS.dynamoDb(), tables).createKeysTable();
    }

    @Override
    protected DataKeys keys() {
        return DynamoDbDataKeys.builder(DynamoDbFixture.CLIENTS.dynamoDb(), KMS, tables, KMS_KEY)
                .cache(0, Duration.ZERO)
                .build();
    }

    @AfterEach
    void deleteTables() {
        new DynamoDbTables(DynamoDbFixture.CLIENTS.dynamoDb(), tables).deleteTables(Account.AGGREGATE_NAMES);
    }

    @Test
    void the_table_holds_the_key_wrapped_by_kms_and_after_a_forget_no_key_at_all() {
        DataKey key = keys().findOrCreate("m1").orElseThrow();
        Map<String, AttributeValue> item = item("m1");
        byte[] wrapped = item.get(DynamoDbDataKeys.WRAPPED).b().asByteArray();
        assertThat(wrapped).isNotEqualTo(key.key().getEncoded());
        assertThat(new String(wrapped, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(key.key().getEncoded(), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(item.get(DynamoDbDataKeys.KEY_ID).s()).isEqualTo(key.id());

        keys().forget("m1");

        assertThat(item("m1")).containsOnlyKeys(DynamoDbDataKeys.SUBJECT, DynamoDbDataKeys.FORGOTTEN_AT);
    }

    @Test
    void a_key_wrapped_for_another_subject_does_not_unwrap() {
        keys().findOrCreate("m1");
        keys().findOrCreate("m2");
        Map<String, AttributeValue> m1 = item("m1");
        DynamoDbFixture.CLIENTS
                .dynamoDb()
                .putItem(b -> b.tableName(tables.keysTable())
                        .item(Map.of(
                                DynamoDbDataKeys.SUBJECT, AttributeValue.fromS("m2"),
                                DynamoDbDataKeys.KEY_ID, m1.get(DynamoDbDataKeys.KEY_ID),
                                DynamoDbDataKeys.WRAPPED, m1.get(DynamoDbDataKeys.WRAPPED))));

        assertThatThrownBy(() -> keys().find("m2"))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("unwrapping the data key of m2");
    }

    @Test
    void a_missing_table_says_how_to_make_it() {
        TableNames absent = TableNames.withPrefix(tables.eventsTable() + "-none-");
        DataKeys keys = DynamoDbDataKeys.builder(DynamoDbFixture.CLIENTS.dynamoDb(), KMS, absent, KMS_KEY)
                .build();
        assertThatThrownBy(() -> keys.find("m1")).hasMessageContaining("DynamoDbTables.createKeysTable()");
    }

    @Test
    void an_unknown_kms_key_is_an_unavailable_store_and_nothing_is_stored() {
        DataKeys keys = DynamoDbDataKeys.builder(DynamoDbFixture.CLIENTS.dynamoDb(), KMS, tables, "alias/no-such-key")
                .build();
        assertThatThrownBy(() -> keys.findOrCreate("m1"))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("making a data key of m1 with the KMS key alias/no-such-key failed");
        assertThat(item("m1")).isEmpty();
    }

    private Map<String, AttributeValue> item(String subject) {
        return DynamoDbFixture.CLIENTS
                .dynamoDb()
                .getItem(b -> b.tableName(tables.keysTable())
                        .key(Map.of(DynamoDbDataKeys.SUBJECT, AttributeValue.fromS(subject)))
                        .consistentRead(true))
                .item();
    }
}
