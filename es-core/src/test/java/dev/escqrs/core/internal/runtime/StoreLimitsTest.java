package dev.escqrs.core.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StoreLimitsTest {
    /** DynamoDB's rule, spelled out on a decimal: significant digits, two to a byte, plus one. */
    private static long reference(BigDecimal n) {
        int digits = n.signum() == 0 ? 1 : n.stripTrailingZeros().precision();
        return (digits + 1) / 2 + 1;
    }

    @Test
    void integers_are_sized_without_a_decimal_exactly_as_with_one() {
        Random random = new Random(7);
        List<Long> values = new java.util.ArrayList<>(List.of(
                0L,
                1L,
                -1L,
                9L,
                10L,
                100L,
                120L,
                123L,
                -1000L,
                999_999_999_999_999_999L,
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                Long.MIN_VALUE + 1));
        for (int i = 0; i < 10_000; i++) {
            values.add(random.nextLong() >> random.nextInt(63));
        }
        for (long value : values) {
            long expected = reference(BigDecimal.valueOf(value));
            assertThat(ItemSizes.numberSize(Long.toString(value)))
                    .as("%d as text", value)
                    .isEqualTo(expected);
            assertThat(ItemSizes.sizeOf(JsonNodeFactory.instance.numberNode(value)))
                    .as("%d as a node", value)
                    .isEqualTo(expected);
        }
        for (String decimal :
                List.of("12.50", "1E+2", "-0.001", "3.14159", "100.0", "007", "-0", "12345678901234567890")) {
            assertThat(ItemSizes.numberSize(decimal)).as(decimal).isEqualTo(reference(new BigDecimal(decimal)));
        }
    }
}
