package dev.escqrs.testkit.contract;

import static dev.escqrs.core.privacy.PersonalData.ERASED;
import static dev.escqrs.testkit.internal.Member.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.testkit.internal.Member;
import dev.escqrs.testkit.internal.Member.ChangeEmail;
import dev.escqrs.testkit.internal.Member.Command;
import dev.escqrs.testkit.internal.Member.EmailChanged;
import dev.escqrs.testkit.internal.Member.Event;
import dev.escqrs.testkit.internal.Member.Joined;
import dev.escqrs.testkit.internal.Member.State;
import dev.escqrs.testkit.internal.Member.Visit;
import dev.escqrs.testkit.internal.Member.Visited;
import dev.escqrs.testkit.scenario.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PrivacyContract.Forgetting}: after a forget every read shows the subject erased and everyone else as before,
 * commands on the subject go on and store its new personal data erased, and a scenario has one outcome pure and on
 * the store.
 */
abstract class PrivacyForgetting extends PrivacyGroup {
    PrivacyForgetting(PrivacyContract contract) {
        super(contract);
    }

    @Test
    void after_a_forget_every_read_shows_the_subject_erased_and_everyone_else_as_before() {
        joinAnnAndBob();

        keys.forget("ann");

        assertThat(members.read("ann").orElseThrow().state()).isEqualTo(new State(ERASED, ERASED, "basic", 0));
        assertThat(payloads("ann"))
                .containsExactly(new Joined("ann", ERASED, ERASED, "basic"), new EmailChanged(ERASED));
        assertThat(feedPayloads())
                .containsExactly(
                        new Joined("ann", ERASED, ERASED, "basic"),
                        new EmailChanged(ERASED),
                        new Joined("bob", "bob@example.com", "Bob Example", "basic"));
        assertThat(members.read("bob").orElseThrow().state())
                .isEqualTo(new State("bob@example.com", "Bob Example", "basic", 0));
    }

    @Test
    void commands_on_a_forgotten_subject_go_on_and_store_its_new_personal_data_erased() {
        joinAnnAndBob();
        keys.forget("ann");

        members.handle(CommandRequest.update("ann", "ann", new Visit("/home")));
        members.handle(CommandRequest.update("ann", "ann", new ChangeEmail("ann@third.example")));

        Aggregate<State> ann = members.read("ann").orElseThrow();
        assertThat(ann.version()).isEqualTo(4);
        assertThat(ann.state()).isEqualTo(new State(ERASED, ERASED, "basic", 1));
        assertThat(payloads("ann").subList(2, 4)).containsExactly(new Visited("/home"), new EmailChanged(ERASED));
        String stored = everythingStored(stores);
        ANN.forEach(value -> assertThat(stored).as("the store holds %s", value).doesNotContain(value));
        assertThat(keys.findOrCreate("ann"))
                .as("a forgotten subject gets no new key")
                .isEmpty();
    }

    @Test
    void the_same_scenario_has_one_outcome_pure_and_on_the_store() {
        for (Scenario<Command, Event, State> scenario :
                List.of(Scenario.pure(MEMBER, Member.DECIDER), Scenario.onStore(MEMBER, Member.DECIDER, fixture()))) {
            Scenario<Command, Event, State> ann =
                    scenario.withAggregateId("ann").forgetting("ann");
            ann.given(new Joined("ann", "ann@example.com", "Ann Example", "basic"))
                    .when(new Visit("/home"))
                    .then(new Visited("/home"))
                    .thenState(state -> assertThat(state).isEqualTo(new State(ERASED, ERASED, "basic", 1)));
            ann.given(new Joined("ann", "ann@example.com", "Ann Example", "basic"))
                    .when(new ChangeEmail("ann@new.example"))
                    .then(new EmailChanged(ERASED));
            scenario.withAggregateId("bob")
                    .forgetting("ann")
                    .given(new Joined("bob", "bob@example.com", "Bob Example", "basic"))
                    .when(new ChangeEmail("bob@new.example"))
                    .then(new EmailChanged("bob@new.example"));
        }
    }
}
