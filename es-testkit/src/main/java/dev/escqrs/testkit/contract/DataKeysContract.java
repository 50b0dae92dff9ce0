package dev.escqrs.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.event.EventTypes;
import dev.escqrs.core.privacy.DataKey;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.core.privacy.PersonalData;
import org.junit.jupiter.api.Test;

/**
 * The {@link DataKeys} port, the same on every key store: one key per subject, the same from every instance on the
 * same store; a forgotten subject has no key and never gets one again; a value encrypted through one instance reads
 * through another, and reads as erased once the subject is forgotten anywhere.
 */
public abstract class DataKeysContract {
    /** A payload with personal data, for the codec round trips. */
    public record Signed(
            String memberId,
            @PersonalData(subject = "memberId") String email) {}

    private static final EventIds EVENT_IDS = EventIds.system();
    private static final EventTypes TYPES =
            EventTypes.builder().register("Signed", Signed.class).build();

    protected DataKeysContract() {}

    /**
     * The key store of this test, uncached; each call within a test gives another instance on the same store (two
     * processes).
     */
    protected abstract DataKeys keys();

    @Test
    void a_subject_gets_one_key_which_every_instance_finds() {
        DataKeys one = keys();
        DataKeys two = keys();
        assertThat(one.find("m1")).as("no key before the first write").isEmpty();

        DataKey key = one.findOrCreate("m1").orElseThrow();

        assertThat(one.findOrCreate("m1")).contains(key);
        assertThat(two.find("m1")).contains(key);
        assertThat(two.findOrCreate("m1")).contains(key);
        assertThat(one.findOrCreate("m2").orElseThrow().key()).isNotEqualTo(key.key());
    }

    @Test
    void a_forgotten_subject_has_no_key_and_never_gets_one_again() {
        DataKeys one = keys();
        one.findOrCreate("m1");
        DataKeys two = keys();

        two.forget("m1");
        two.forget("m1");

        assertThat(one.find("m1")).isEmpty();
        assertThat(one.findOrCreate("m1")).isEmpty();
        assertThat(one.find("m2")).isEmpty();
        one.forget("never-seen");
        assertThat(one.findOrCreate("never-seen"))
                .as("forgetting comes before any key")
                .isEmpty();
    }

    @Test
    void what_one_instance_encrypts_another_reads_until_the_subject_is_forgotten() {
        JsonCodec writer = JsonCodec.create(TYPES).withPersonalData(keys());
        JsonCodec reader = JsonCodec.create(TYPES).withPersonalData(keys());
        EncodedEvent m1 = writer.encode(signed("m1"));
        EncodedEvent m2 = writer.encode(signed("m2"));

        assertThat(reader.decode(m1).payload()).isEqualTo(new Signed("m1", "m1@example.com"));
        keys().forget("m1");

        assertThat(reader.decode(m1).payload()).isEqualTo(new Signed("m1", PersonalData.ERASED));
        assertThat(reader.decode(m2).payload()).isEqualTo(new Signed("m2", "m2@example.com"));
        assertThat(m1.payload().toString()).doesNotContain("m1@example.com");
    }

    private static AggregateEvent<Object> signed(String memberId) {
        return new AggregateEvent<>(
                EVENT_IDS.next(),
                "Signed",
                "Member",
                memberId,
                1,
                "admin",
                new Signed(memberId, memberId + "@example.com"),
                EventMetadata.NONE);
    }
}
