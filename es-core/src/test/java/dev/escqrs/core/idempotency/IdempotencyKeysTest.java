package dev.escqrs.core.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.error.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {
    record Tag(Map<String, Integer> labels) {}

    @Test
    void keys_that_are_empty_blank_too_long_or_not_printable_ascii_are_refused_with_the_rule_they_break() {
        CommandRequest<String> request = CommandRequest.update("post-1", "ann", "cmd");
        assertThatThrownBy(() -> request.withIdempotencyKey(""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("idempotency key is empty or blank");
        assertThatThrownBy(() -> request.withIdempotencyKey("   "))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("idempotency key is empty or blank");
        assertThatThrownBy(() -> request.withIdempotencyKey(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("idempotency key is missing");
        assertThatThrownBy(() -> request.withIdempotencyKey("k".repeat(256)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("idempotency key is 256 characters long; at most 255 are allowed");
        assertThatThrownBy(() -> request.withIdempotencyKey("caf\u00e9"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not printable ASCII (U+00E9) at index 3");
        assertThatThrownBy(() -> request.withIdempotencyKey("a\tb"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("(U+0009) at index 1");
        assertThat(request.withIdempotencyKey("k".repeat(255)).idempotencyKey()).hasValue("k".repeat(255));
        assertThat(request.withIdempotencyKey("8e03978e-40d5-43e8-bc93-6894a57f9324 retry")
                        .idempotencyKey())
                .isPresent();
    }

    @Test
    void a_key_is_hashed_with_its_actor_so_two_actors_keys_differ() {
        assertThat(IdempotencyKeys.keyHash("ann", "k1"))
                .hasSize(22)
                .isEqualTo(IdempotencyKeys.keyHash("ann", "k1"))
                .isNotEqualTo(IdempotencyKeys.keyHash("bob", "k1"));
    }

    @Test
    void a_commands_hash_depends_on_its_content_not_on_the_order_of_map_entries() {
        Map<String, Integer> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", 2);
        Map<String, Integer> ba = new LinkedHashMap<>();
        ba.put("b", 2);
        ba.put("a", 1);
        assertThat(IdempotencyKeys.commandHash(new Tag(ab))).isEqualTo(IdempotencyKeys.commandHash(new Tag(ba)));
        assertThat(IdempotencyKeys.commandHash(new Tag(Map.of("a", 1))))
                .isNotEqualTo(IdempotencyKeys.commandHash(new Tag(Map.of("a", 2))));
    }

    @Test
    void a_keyed_create_gets_the_same_well_formed_id_at_every_attempt() {
        String id = IdempotencyKeys.derivedId("BlogPost", "ann", "k1");
        assertThat(id)
                .matches("[0-7][0-9A-HJKMNP-TV-Z]{25}")
                .isEqualTo(IdempotencyKeys.derivedId("BlogPost", "ann", "k1"));
        assertThat(id)
                .isNotEqualTo(IdempotencyKeys.derivedId("BlogPost", "bob", "k1"))
                .isNotEqualTo(IdempotencyKeys.derivedId("Author", "ann", "k1"));
        assertThat(com.github.f4b6a3.ulid.Ulid.isValid(id))
                .as("parses as a ULID")
                .isTrue();
    }
}
