package dev.escqrs.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.internal.runtime.ItemSizes;
import dev.escqrs.dynamodb.internal.AttributeValues;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both stores count sizes by one rule: what the in-memory store measures of a payload is what DynamoDB's item holds. */
class ItemSizesTest {
    private final JsonCodec codec = JsonCodec.create(Wallet.TYPES);

    @Test
    void the_shared_size_of_a_payload_is_its_size_as_a_dynamodb_map_attribute() throws Exception {
        for (String json : new String[] {
            "{}",
            "{\"a\":\"x\"}",
            "{\"title\":\"héllo wörld 😀 ✓\",\"n\":12345.678,\"neg\":-7,\"big\":123456789012345678901234567890}",
            "{\"list\":[1,true,null,\"s\",{\"deep\":[[],{}]}],\"flag\":false}",
            "{\"zero\":0,\"tiny\":1E-130,\"huge\":9.99E+125}"
        }) {
            ObjectNode node = (ObjectNode) JsonCodec.defaultMapper().readTree(json);
            long dynamo = AttributeValues.itemSize(Map.of("p", AttributeValues.fromJson(node, "p")));
            assertThat(ItemSizes.sizeOf(node)).as(json).isEqualTo(dynamo - 1); // less the attribute name "p"
        }
    }

    @Test
    void utf8_lengths_are_counted_without_encoding() {
        for (String s : new String[] {"", "abc", "é", "€", "😀", "a😀é€z"}) {
            assertThat(ItemSizes.utf8(s)).as(s).isEqualTo(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }
}
