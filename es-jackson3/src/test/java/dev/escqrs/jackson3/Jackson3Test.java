package dev.escqrs.jackson3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.event.EventTypes;
import dev.escqrs.inmemory.InMemoryEventStore;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;

class Jackson3Test {
    enum Level {
        LOW,
        HIGH;

        @Override
        public String toString() {
            return name().toLowerCase(); // what is stored is the name, on both Jacksons
        }
    }

    record Address(String street, List<String> lines) {}

    sealed interface MemberEvent {}

    record Joined(
            String name,
            int age,
            long points,
            double ratio,
            BigDecimal balance,
            BigInteger big,
            boolean active,
            Instant at,
            LocalDate born,
            OffsetDateTime seen,
            Duration session,
            Optional<String> nickname,
            Optional<String> none,
            List<Address> addresses,
            Map<String, Integer> counts,
            Level level,
            UUID ref,
            float weight)
            implements MemberEvent {}

    record Renamed(String name) implements MemberEvent {}

    record Member(String name, int renames) {}

    record Opaque(Object thing) {}

    sealed interface MemberCommand {}

    record Join(Joined joined) implements MemberCommand {}

    record Rename(String name) implements MemberCommand {}

    static final AggregateType<MemberEvent, Member> MEMBER = AggregateType.of(
            "Member",
            Member.class,
            MemberEvent.class,
            EventTypes.builder()
                    .register("MemberJoined", Joined.class)
                    .register("MemberRenamed", Renamed.class)
                    .build());

    static final Decider<MemberCommand, MemberEvent, Member> DECIDER = new Decider<>() {
        @Override
        public Member initialState() {
            return new Member("", 0);
        }

        @Override
        public List<MemberEvent> decide(MemberCommand command, Member member) {
            return switch (command) {
                case Join join -> List.of(join.joined());
                case Rename rename -> List.of(new Renamed(rename.name()));
            };
        }

        @Override
        public Member evolve(Member member, MemberEvent event) {
            return switch (event) {
                case Joined joined -> new Member(joined.name(), 0);
                case Renamed renamed -> new Member(renamed.name(), member.renames() + 1);
            };
        }
    };

    /** Reads JSON text with exact numbers, so two trees compare by value whichever node types they hold. */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final JsonCodec jackson2 = JsonCodec.of(MEMBER);
    private final JsonCodec jackson3 = Jackson3.codec(MEMBER);

    private static Joined joined() {
        return new Joined(
                "Ada",
                36,
                9_007_199_254_740_993L,
                0.1,
                new BigDecimal("12.3456789012345678901234567"),
                new BigInteger("123456789012345678901234567890"),
                true,
                Instant.parse("2026-12-07T01:02:03.456Z"),
                LocalDate.of(1815, 12, 10),
                OffsetDateTime.of(2026, 12, 7, 3, 4, 5, 0, ZoneOffset.ofHours(2)),
                Duration.ofSeconds(90, 5),
                Optional.of("ada"),
                Optional.empty(),
                List.of(new Address("1 Loop Road", List.of("Flat 2", "London"))),
                Map.of("posts", 3, "likes", 0),
                Level.HIGH,
                UUID.fromString("0190f1a2-3b4c-7d5e-8f60-718293a4b5c6"),
                1.5f);
    }

    private static AggregateEvent<MemberEvent> event(MemberEvent payload, String name) {
        return new AggregateEvent<>(
                EventIds.system().next(), name, "Member", "m-1", 1, "alice", payload, EventMetadata.NONE);
    }

    private static JsonNode exact(JsonNode tree) throws Exception {
        return EXACT.readTree(tree.toString());
    }

    @Test
    void both_jacksons_store_the_same_json() throws Exception {
        AggregateEvent<MemberEvent> event = event(joined(), "MemberJoined");

        ObjectNode fromJackson2 = jackson2.encode(event).payload();
        ObjectNode fromJackson3 = jackson3.encode(event).payload();

        assertThat(exact(fromJackson3)).isEqualTo(exact(fromJackson2));
        assertThat(fromJackson3.get("at").asText()).isEqualTo("2026-12-07T01:02:03.456Z");
        assertThat(fromJackson3.get("level").asText()).isEqualTo("HIGH");
        assertThat(fromJackson3.get("balance").decimalValue())
                .isEqualTo(new BigDecimal("12.3456789012345678901234567"));
        assertThat(fromJackson3.get("points").longValue()).isEqualTo(9_007_199_254_740_993L);
    }

    @Test
    void each_reads_what_the_other_wrote() {
        AggregateEvent<MemberEvent> event = event(joined(), "MemberJoined");
        // what Jackson 2 reads back of its own (an OffsetDateTime comes back in UTC, on both)
        MemberEvent asJackson2ReadsIt =
                jackson2.decode(jackson2.encode(event), MemberEvent.class).payload();

        assertThat(jackson3.decode(jackson2.encode(event), MemberEvent.class).payload())
                .isEqualTo(asJackson2ReadsIt);
        assertThat(jackson2.decode(jackson3.encode(event), MemberEvent.class).payload())
                .isEqualTo(asJackson2ReadsIt);
        assertThat(jackson3.decode(jackson3.encode(event), MemberEvent.class).payload())
                .isEqualTo(asJackson2ReadsIt);
        assertThat(jackson3.decodeState(
                        jackson2.encodeState(new Member("Ada", 2), "Member", "m-1"), Member.class, "Member", "m-1"))
                .isEqualTo(new Member("Ada", 2));
    }

    @Test
    void commands_run_on_a_store_whose_codec_is_on_jackson_3() {
        InMemoryEventStore store = new InMemoryEventStore(jackson3);
        CommandHandler<MemberCommand, MemberEvent, Member> members =
                CommandHandler.builder(MEMBER, DECIDER).store(store, store).build();

        String id = members.create("alice", new Join(joined())).aggregate().id();
        members.update(id, "alice", new Rename("Ada Lovelace"), 1);

        assertThat(members.read(id).orElseThrow().state()).isEqualTo(new Member("Ada Lovelace", 1));
        MemberEvent joined = jackson2.decode(jackson2.encode(event(joined(), "MemberJoined")), MemberEvent.class)
                .payload();
        assertThat(store.withCodec(jackson2)
                        .events(MEMBER, id)
                        .map(AggregateEvent::payload)
                        .toList())
                .containsExactly(joined, new Renamed("Ada Lovelace"));
    }

    @Test
    void an_applications_lenient_mapper_still_refuses_unknown_properties_and_null_primitives() {
        tools.jackson.databind.json.JsonMapper lenient = tools.jackson.databind.json.JsonMapper.builder()
                .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        JsonCodec codec = Jackson3.codec(lenient, MEMBER);
        EncodedEvent stored = codec.encode(event(new Renamed("Ada"), "MemberRenamed"));
        ObjectNode extra = stored.payload().deepCopy().put("surname", "Lovelace");

        assertThatThrownBy(() -> codec.decode(withPayload(stored, extra), MemberEvent.class))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("MemberRenamed")
                .hasMessageContaining("surname");
        ObjectNode state =
                codec.encodeState(new Member("Ada", 1), "Member", "m-1").putNull("renames");
        assertThatThrownBy(() -> codec.decodeState(state, Member.class, "Member", "m-1"))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("stored state of Member m-1 cannot be read as")
                .hasMessageNotContaining("Feature")
                .hasMessageNotContaining("\n");
    }

    @Test
    void the_applications_naming_strategy_is_kept() {
        tools.jackson.databind.json.JsonMapper snake = tools.jackson.databind.json.JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .build();
        JsonCodec codec = Jackson3.codec(snake, MEMBER);
        Member member = new Member("Ada", 1);

        ObjectNode state = codec.encodeState(member, "Member", "m-1");

        assertThat(state.has("renames")).isTrue();
        assertThat(codec.encodeState(new Address("x", List.of()), "Member", "m-1")
                        .has("street"))
                .isTrue();
        assertThat(codec.decodeState(state, Member.class, "Member", "m-1")).isEqualTo(member);
    }

    @Test
    void a_number_no_store_holds_is_refused_at_encode() {
        Joined nan = new Joined(
                "Ada",
                36,
                1,
                Double.NaN,
                BigDecimal.ONE,
                BigInteger.ONE,
                true,
                Instant.EPOCH,
                LocalDate.EPOCH,
                OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                Duration.ZERO,
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Map.of(),
                Level.LOW,
                new UUID(0, 1),
                0f);

        assertThatThrownBy(() -> jackson3.encode(event(nan, "MemberJoined")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot be written as JSON");
    }

    @Test
    void a_payload_jackson_3_cannot_write_is_refused_with_its_words() {
        JsonCodec codec = Jackson3.codec(AggregateType.of(
                "Opaque",
                Member.class,
                Object.class,
                EventTypes.builder().register("Opaque", Opaque.class).build()));

        assertThatThrownBy(() -> codec.encode(new AggregateEvent<>(
                        EventIds.system().next(),
                        "Opaque",
                        "Opaque",
                        "o-1",
                        1,
                        "alice",
                        new Opaque(new Object()),
                        EventMetadata.NONE)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("payload of Opaque o-1 version 1 (Opaque)")
                .hasMessageContaining("cannot be written as JSON");
    }

    private static EncodedEvent withPayload(EncodedEvent stored, ObjectNode payload) {
        return new EncodedEvent(
                stored.eventId(),
                stored.eventName(),
                stored.aggregateName(),
                stored.aggregateId(),
                stored.aggregateVersion(),
                stored.actorId(),
                stored.schemaVersion(),
                payload,
                stored.metadata());
    }
}
