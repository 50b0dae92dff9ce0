package dev.escqrs.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.error.SerializationException;
import dev.escqrs.core.error.StoreUnavailableException;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.event.EventTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PersonalDataTest {
    sealed interface MemberEvent permits Joined, Moved, Renamed {}

    record Joined(
            String memberId,
            @PersonalData(subject = "memberId") String email,
            @PersonalData(subject = "memberId") LocalDate born,
            String plan)
            implements MemberEvent {}

    record Moved(
            @PersonalData(subject = PersonalData.AGGREGATE_ID)
            Address to) implements MemberEvent {}

    /** Version 2: "name" became "fullName". */
    record Renamed(
            @PersonalData(subject = PersonalData.AGGREGATE_ID)
            String fullName) implements MemberEvent {}

    record Address(String street, String city) {}

    record Member(
            @PersonalData(subject = PersonalData.AGGREGATE_ID)
            String email,

            String plan) {}

    record NoSubject(@PersonalData String email) {}

    record UnknownSubject(@PersonalData(subject = "ownerId") String email) {}

    record PrimitiveMarked(
            String id, @PersonalData(subject = "id") int age) {}

    record SubjectMarked(
            @PersonalData(subject = PersonalData.AGGREGATE_ID)
            String id,

            @PersonalData(subject = "id") String email) {}

    static final EventTypes TYPES = EventTypes.builder()
            .register("Joined", Joined.class)
            .register("Moved", Moved.class)
            .register("Renamed", Renamed.class, 2)
            .upcaster("Renamed", 1, json -> {
                json.set("fullName", json.remove("name"));
                return json;
            })
            .build();

    private final EventIds ids = EventIds.fixed(Instant.parse("2026-12-07T00:00:00Z"), 3);
    private final DataKeys keys = DataKeys.inMemory();
    private final JsonCodec codec = JsonCodec.create(TYPES).withPersonalData(keys);

    private <P extends MemberEvent> AggregateEvent<MemberEvent> event(
            String name, String memberId, long version, P payload) {
        return new AggregateEvent<>(
                ids.next(), name, "Member", memberId, version, "admin", payload, EventMetadata.NONE);
    }

    private AggregateEvent<MemberEvent> joined(String memberId) {
        return event(
                "Joined",
                memberId,
                1,
                new Joined(memberId, memberId + "@example.com", LocalDate.of(1990, 4, 1), "gold"));
    }

    @Test
    void marked_values_are_stored_encrypted_and_read_back_plain() {
        AggregateEvent<MemberEvent> joined = joined("m1");
        EncodedEvent stored = codec.encode(joined);

        assertThat(stored.payload().toString())
                .doesNotContain("m1@example.com")
                .doesNotContain("1990")
                .contains("\"plan\":\"gold\"")
                .contains("\"memberId\":\"m1\"");
        assertThat(stored.payload().get("email").asText()).startsWith("$pd1:").endsWith(":m1");
        assertThat(codec.decode(stored, MemberEvent.class)).isEqualTo(joined);
    }

    @Test
    void a_value_asks_the_key_store_once_per_subject_however_many_properties_it_marks() {
        AtomicInteger asked = new AtomicInteger();
        JsonCodec counted = JsonCodec.create(TYPES).withPersonalData(counting(keys, asked));
        EncodedEvent stored = counted.encode(joined("m1"));
        assertThat(asked).hasValue(1);
        counted.decode(stored);
        assertThat(asked).hasValue(2);
    }

    @Test
    void each_value_gets_a_fresh_nonce() {
        AggregateEvent<MemberEvent> joined = joined("m1");
        assertThat(codec.encode(joined).payload().get("email"))
                .isNotEqualTo(codec.encode(joined).payload().get("email"));
    }

    @Test
    void a_forgotten_subject_reads_as_erased_and_everyone_else_as_before() {
        EncodedEvent m1 = codec.encode(joined("m1"));
        EncodedEvent m2 = codec.encode(joined("m2"));
        EncodedEvent moved = codec.encode(event("Moved", "m1", 2, new Moved(new Address("1 Main St", "Springfield"))));

        keys.forget("m1");

        assertThat(codec.decode(m1).payload()).isEqualTo(new Joined("m1", PersonalData.ERASED, null, "gold"));
        assertThat(codec.decode(moved).payload()).isEqualTo(new Moved(null));
        assertThat(codec.decode(m2).payload())
                .isEqualTo(new Joined("m2", "m2@example.com", LocalDate.of(1990, 4, 1), "gold"));
    }

    @Test
    void data_of_a_subject_already_forgotten_is_stored_erased() {
        keys.forget("m1");
        EncodedEvent stored = codec.encode(joined("m1"));

        assertThat(stored.payload().toString()).doesNotContain("m1@example.com");
        assertThat(codec.decode(stored).payload()).isEqualTo(new Joined("m1", PersonalData.ERASED, null, "gold"));
        assertThat(keys.findOrCreate("m1")).isEmpty();
    }

    @Test
    void state_is_encrypted_bound_to_its_aggregate() {
        ObjectNode state = codec.encodeState(new Member("m1@example.com", "gold"), "Member", "m1");
        assertThat(state.toString()).doesNotContain("m1@example.com");
        assertThat(codec.decodeState(state, Member.class, "Member", "m1"))
                .isEqualTo(new Member("m1@example.com", "gold"));

        assertThatThrownBy(() -> codec.decodeState(state, Member.class, "Member", "m2"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("does not decrypt")
                .hasMessageNotContaining("m1@example.com");

        keys.forget("m1");
        assertThat(codec.decodeState(state, Member.class, "Member", "m1"))
                .isEqualTo(new Member(PersonalData.ERASED, "gold"));
        // the next command writes the erased state back: no key is made again
        assertThat(codec.encodeState(new Member(PersonalData.ERASED, "gold"), "Member", "m1")
                        .get("email")
                        .asText())
                .isEqualTo("$pd1:erased");
    }

    @Test
    void a_value_copied_into_another_event_does_not_decrypt() {
        EncodedEvent first = codec.encode(joined("m1"));
        EncodedEvent second = codec.encode(joined("m1"));
        ObjectNode copied = second.payload().deepCopy();
        copied.set("email", first.payload().get("email"));
        EncodedEvent forged = new EncodedEvent(
                second.eventId(),
                second.eventName(),
                second.aggregateName(),
                second.aggregateId(),
                second.aggregateVersion(),
                second.actorId(),
                second.schemaVersion(),
                copied,
                second.metadata());

        assertThatThrownBy(() -> codec.decode(forged))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(second.eventId())
                .hasMessageContaining("does not decrypt with its key")
                .hasMessageNotContaining("m1@example.com");
    }

    @Test
    void a_key_made_again_after_a_loss_reads_old_values_as_erased() {
        EncodedEvent stored = codec.encode(joined("m1"));
        DataKeys lost = DataKeys.inMemory(); // the key store lost every key; a new one is made for m1
        JsonCodec after = JsonCodec.create(TYPES).withPersonalData(lost);
        lost.findOrCreate("m1");

        assertThat(after.decode(stored).payload()).isEqualTo(new Joined("m1", PersonalData.ERASED, null, "gold"));
    }

    @Test
    void upcasters_see_plain_values() {
        EncodedEvent v2 = codec.encode(event("Renamed", "m1", 3, new Renamed("Ann Example")));
        ObjectNode v1Payload = v2.payload().deepCopy();
        v1Payload.set("name", v1Payload.remove("fullName"));
        EncodedEvent v1 = new EncodedEvent(
                v2.eventId(),
                v2.eventName(),
                v2.aggregateName(),
                v2.aggregateId(),
                v2.aggregateVersion(),
                v2.actorId(),
                1,
                v1Payload,
                v2.metadata());

        assertThat(codec.decode(v1).payload()).isEqualTo(new Renamed("Ann Example"));
    }

    @Test
    void a_decoding_error_never_shows_a_decrypted_value() {
        EncodedEvent stored = codec.encode(joined("m1"));
        ObjectNode broken = stored.payload().deepCopy();
        // "born" holds the email: the date cannot be read, and Jackson's words would quote the value
        broken.set("born", broken.get("email"));
        EncodedEvent bad = new EncodedEvent(
                stored.eventId(),
                stored.eventName(),
                stored.aggregateName(),
                stored.aggregateId(),
                stored.aggregateVersion(),
                stored.actorId(),
                stored.schemaVersion(),
                broken,
                stored.metadata());

        assertThatThrownBy(() -> codec.decode(bad))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot be read as")
                .hasMessageNotContaining("m1@example.com")
                .satisfies(e -> assertThat(e.getCause()).isNull());
    }

    @Test
    void an_event_prints_without_its_personal_data() {
        assertThat(joined("m1").toString())
                .contains("plan=gold")
                .contains("memberId=m1")
                .doesNotContain("m1@example.com")
                .doesNotContain("1990");
    }

    @Nested
    class Refusals {
        @Test
        void a_codec_without_a_key_store_refuses_personal_data_both_ways() {
            JsonCodec plain = JsonCodec.create(TYPES);
            assertThatThrownBy(() -> plain.encode(joined("m1")))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("holds personal data ([email, born])")
                    .hasMessageContaining("JsonCodec.withPersonalData(keys)");
            EncodedEvent stored = codec.encode(joined("m1"));
            assertThatThrownBy(() -> plain.decode(stored))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("encrypted for subject m1")
                    .hasMessageContaining("no key store");
        }

        @Test
        void a_codec_without_a_key_store_writes_marked_properties_that_are_null() {
            JsonCodec plain = JsonCodec.create(TYPES);
            assertThat(plain.encodeState(new Member(null, "gold"), "Member", "m1")
                            .toString())
                    .isEqualTo("{\"email\":null,\"plan\":\"gold\"}");
            assertThatThrownBy(() -> plain.encodeState(new Member("m1@example.com", "gold"), "Member", "m1"))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("holds personal data ([email])")
                    .hasMessageNotContaining("m1@example.com");
        }

        @Test
        void a_mark_without_a_subject_is_refused_at_registration() {
            assertThatThrownBy(() -> EventTypes.builder().register("NoSubject", NoSubject.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("NoSubject.email is marked @PersonalData without a subject");
            assertThatThrownBy(() -> EventTypes.builder().register("UnknownSubject", UnknownSubject.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has no property 'ownerId'");
            assertThatThrownBy(() -> EventTypes.builder().register("PrimitiveMarked", PrimitiveMarked.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a primitive cannot read as erased; make it a Integer");
            assertThatThrownBy(() -> EventTypes.builder().register("SubjectMarked", SubjectMarked.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("which is itself marked @PersonalData");
        }

        @Test
        void a_state_with_a_wrong_mark_is_refused_when_the_aggregate_type_is_made() {
            assertThatThrownBy(() -> AggregateType.of("Member", NoSubject.class, MemberEvent.class, TYPES))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("without a subject");
        }

        @Test
        void a_value_without_its_subject_is_refused_before_anything_is_written() {
            assertThatThrownBy(() ->
                            codec.encode(event("Joined", "m1", 1, new Joined(null, "x@example.com", null, "gold"))))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("'email' is personal data of the subject in 'memberId', which is missing")
                    .hasMessageNotContaining("x@example.com");
        }

        @Test
        void a_key_store_that_is_down_fails_the_encode() {
            JsonCodec down = JsonCodec.create(TYPES).withPersonalData(new DataKeys() {
                @Override
                public Optional<DataKey> find(String subject) {
                    throw new StoreUnavailableException("key store unreachable", null);
                }

                @Override
                public Optional<DataKey> findOrCreate(String subject) {
                    return find(subject);
                }

                @Override
                public void forget(String subject) {
                    find(subject);
                }
            });
            assertThatThrownBy(() -> down.encode(joined("m1"))).isInstanceOf(StoreUnavailableException.class);
            EncodedEvent stored = codec.encode(joined("m1"));
            assertThatThrownBy(() -> down.decode(stored)).isInstanceOf(StoreUnavailableException.class);
        }
    }

    @Nested
    class Cache {
        private final AtomicInteger loads = new AtomicInteger();
        private final DataKeys backing = DataKeys.inMemory();
        private final MutableClock clock = new MutableClock();
        private final DataKeys counted = counting(backing, loads);
        private final DataKeys cached = DataKeys.cached(counted, 2, Duration.ofMinutes(5), clock);

        @Test
        void a_key_is_loaded_once_per_time_to_live() {
            DataKey key = cached.findOrCreate("m1").orElseThrow();
            assertThat(cached.find("m1")).contains(key);
            assertThat(cached.findOrCreate("m1")).contains(key);
            assertThat(loads).hasValue(1);

            clock.advance(Duration.ofMinutes(6));
            assertThat(cached.find("m1")).contains(key);
            assertThat(loads).hasValue(2);
        }

        @Test
        void it_holds_a_bounded_number_of_subjects() {
            cached.findOrCreate("a");
            cached.findOrCreate("b");
            cached.findOrCreate("c");
            loads.set(0);
            cached.find("a");
            assertThat(loads).hasValue(1);
        }

        @Test
        void a_forget_through_it_is_seen_at_once_and_one_elsewhere_after_the_time_to_live() {
            cached.findOrCreate("m1");
            DataKeys other = DataKeys.cached(counted, 10, Duration.ofMinutes(5), clock);
            other.find("m1");

            cached.forget("m1");
            assertThat(cached.find("m1")).isEmpty();
            assertThat(other.find("m1")).isPresent();
            clock.advance(Duration.ofMinutes(6));
            assertThat(other.find("m1")).isEmpty();
            assertThat(other.findOrCreate("m1")).isEmpty();
        }

        @Test
        void a_subject_without_a_key_is_asked_again() {
            assertThat(cached.find("new")).isEmpty();
            backing.findOrCreate("new");
            assertThat(cached.find("new")).isPresent();
        }
    }

    /** {@code keys}, counting each find in {@code asked}. */
    static DataKeys counting(DataKeys keys, AtomicInteger asked) {
        return new DataKeys() {
            @Override
            public Optional<DataKey> find(String subject) {
                asked.incrementAndGet();
                return keys.find(subject);
            }

            @Override
            public Optional<DataKey> findOrCreate(String subject) {
                asked.incrementAndGet();
                return keys.findOrCreate(subject);
            }

            @Override
            public void forget(String subject) {
                keys.forget(subject);
            }
        };
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-07T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void a_data_key_never_prints_its_material() {
        DataKey key = DataKey.of("k1", new byte[32]);
        assertThat(key.toString()).isEqualTo("DataKey[k1]");
        assertThatThrownBy(() -> DataKey.of("k:1", new byte[32])).hasMessageContaining("no ':'");
        assertThatThrownBy(() -> DataKey.of("k1", new byte[16])).hasMessageContaining("32 bytes");
        assertThat(List.of(key)).hasSize(1);
    }
}
