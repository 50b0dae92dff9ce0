package dev.escqrs.testkit.internal;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.aggregate.Reducer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * An aggregate whose events carry every kind of value a payload may hold, for the randomized round-trip test: the
 * state keeps the last value, so the state's round trip is tested too. {@link #random} makes values within what every
 * store holds (see {@link dev.escqrs.core.internal.runtime.StoreLimits} and docs/reliability.md): valid Unicode, non-empty map
 * keys, finite numbers within DynamoDB's range, decimals as stores return them (no trailing zeros, integral values with scale 0), no negative zero.
 */
public final class Sample {
    private Sample() {}

    public record Part(String name, List<Long> values) {}

    public record Value(
            String text,
            long count,
            int small,
            double ratio,
            BigDecimal amount,
            boolean flag,
            List<String> tags,
            Map<String, Integer> scores,
            Optional<String> note,
            Instant at,
            List<Part> parts) {
        static final Value EMPTY = new Value(
                "", 0, 0, 0, BigDecimal.ZERO, false, List.of(), Map.of(), Optional.empty(), Instant.EPOCH, List.of());
    }

    public record Sampled(Value value) implements Account.Event {}

    public record State(long samples, Value last) {}

    public static final AggregateType<Account.Event, State> SAMPLE =
            AggregateType.of("Sample", State.class, Account.Event.class, Account.TYPES);

    public static Reducer<Account.Event, State> reducer() {
        return new Reducer<>(
                SAMPLE,
                new State(0, Value.EMPTY),
                (state, event) ->
                        event instanceof Sampled sampled ? new State(state.samples() + 1, sampled.value()) : state);
    }

    /** A random value from {@code random}. */
    public static Value random(SplittableRandom random) {
        List<String> tags = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            tags.add(text(random, 12));
        }
        Map<String, Integer> scores = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            scores.put("k" + text(random, 6), random.nextInt());
        }
        List<Part> parts = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            List<Long> values = new ArrayList<>();
            for (int j = random.nextInt(4); j > 0; j--) {
                values.add(random.nextLong());
            }
            parts.add(new Part(text(random, 8), values));
        }
        double ratio =
                random.nextInt(5) == 0 ? 0.0 : (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-10, 13));
        BigDecimal amount = new BigDecimal(random.nextLong(-1_000_000_000_000L, 1_000_000_000_000L))
                .movePointLeft(random.nextInt(0, 8))
                .stripTrailingZeros();
        if (amount.scale() < 0) {
            amount = amount.setScale(0); // stores return integral decimals with scale 0, as DynamoDB does
        }
        return new Value(
                text(random, 40),
                random.nextLong(),
                random.nextInt(-1000, 1000),
                ratio,
                amount,
                random.nextBoolean(),
                tags,
                scores,
                random.nextBoolean() ? Optional.of(text(random, 20)) : Optional.empty(),
                Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(1_000_000_000)),
                parts);
    }

    /** Random text of valid Unicode: ASCII, accents, CJK, emoji (surrogate pairs), quotes and backslashes. */
    static String text(SplittableRandom random, int maxLength) {
        int[] pool = {
            'a', 'Z', '0', ' ', '"', '\\', '#', ':', '.', 'é', 'ß', 'Ω', '中', '文', 0x1F600, 0x1F680, '\'', '/', '-'
        };
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            text.appendCodePoint(random.nextInt(3) == 0 ? pool[random.nextInt(pool.length)] : 'a' + random.nextInt(26));
        }
        return text.toString();
    }
}
