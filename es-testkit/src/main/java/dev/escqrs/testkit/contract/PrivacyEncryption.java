package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Member.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.error.StoreUnavailableException;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.testkit.internal.Member;
import dev.escqrs.testkit.internal.Member.Command;
import dev.escqrs.testkit.internal.Member.EmailChanged;
import dev.escqrs.testkit.internal.Member.Event;
import dev.escqrs.testkit.internal.Member.Join;
import dev.escqrs.testkit.internal.Member.Joined;
import dev.escqrs.testkit.internal.Member.State;
import dev.escqrs.testkit.store.Stores;
import org.junit.jupiter.api.Test;

/**
 * {@link PrivacyContract.Encryption}: personal data is stored encrypted and read plain while its key exists; a key
 * store that cannot answer fails the command, and nothing is written.
 */
abstract class PrivacyEncryption extends PrivacyGroup {
    PrivacyEncryption(PrivacyContract contract) {
        super(contract);
    }

    @Test
    void personal_data_is_stored_encrypted_and_read_plain_while_its_key_exists() {
        joinAnnAndBob();

        assertThat(everythingStored(stores))
                .doesNotContain("ann@example.com", "Ann Example", "ann@new.example", "bob@example.com")
                .contains("basic");
        assertThat(members.read("ann").orElseThrow().state())
                .isEqualTo(new State("ann@new.example", "Ann Example", "basic", 0));
        assertThat(payloads("ann"))
                .containsExactly(
                        new Joined("ann", "ann@example.com", "Ann Example", "basic"),
                        new EmailChanged("ann@new.example"));
    }

    @Test
    void a_key_store_that_cannot_answer_fails_the_command_and_nothing_is_written() {
        DataKeys down = new DataKeys() {
            @Override
            public java.util.Optional<dev.escqrs.core.privacy.DataKey> find(String subject) {
                throw new StoreUnavailableException("the key store is down (test)", null);
            }

            @Override
            public java.util.Optional<dev.escqrs.core.privacy.DataKey> findOrCreate(String subject) {
                return find(subject);
            }

            @Override
            public void forget(String subject) {
                find(subject);
            }
        };
        try (Stores failing = fixture().create(JsonCodec.of(MEMBER).withPersonalData(down))) {
            CommandHandler<Command, Event, State> handler = CommandHandler.builder(MEMBER, Member.DECIDER)
                    .store(failing.eventStore(), failing.reader())
                    .eventIds(ids)
                    .cacheSize(0)
                    .retryPolicy(dev.escqrs.core.command.RetryPolicy.immediate(1))
                    .build();

            assertThatThrownBy(() -> handler.handle(CommandRequest.createWithId(
                            "ann", "ann", new Join("ann", "ann@example.com", "Ann Example"))))
                    .isInstanceOf(StoreUnavailableException.class);

            assertThat(failing.reader().read(MEMBER, "ann")).isEmpty();
            assertThat(failing.eventStore().events(MEMBER, "ann").toList()).isEmpty();
        }
    }
}
