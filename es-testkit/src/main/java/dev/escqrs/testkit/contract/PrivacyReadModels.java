package dev.escqrs.testkit.contract;

import static dev.escqrs.core.privacy.PersonalData.ERASED;
import static dev.escqrs.testkit.internal.Member.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.testkit.internal.Member.EmailChanged;
import dev.escqrs.testkit.internal.Member.Joined;
import dev.escqrs.testkit.projection.RecordingProjection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@link PrivacyContract.ReadModels}: a read model rebuilt after a forget holds none of the subject's data, and one that
 * fails on personal data logs none of it.
 */
abstract class PrivacyReadModels extends PrivacyGroup {
    PrivacyReadModels(PrivacyContract contract) {
        super(contract);
    }

    @Test
    void a_read_model_rebuilt_after_a_forget_holds_none_of_the_subjects_data() throws Exception {
        joinAnnAndBob();
        keys.forget("ann");

        Map<String, String> emails = new ConcurrentHashMap<>();
        RecordingProjection byEmail = new RecordingProjection().onApply(event -> {
            if (event.payload() instanceof Joined joined) {
                emails.put(event.aggregateId(), joined.email());
            } else if (event.payload() instanceof EmailChanged changed) {
                emails.put(event.aggregateId(), changed.email());
            }
        });
        ProjectionRunner runner = ProjectionRunner.builder(ProjectionSpec.builder("member-emails", byEmail)
                        .aggregates(MEMBER)
                        .codec(codec)
                        .store(stores.eventStore())
                        .build())
                .feed(stores.feed())
                .pollInterval(Duration.ofMillis(50))
                .build();
        try (ProjectionRunner.Running running = runner.start()) {
            Eventually.await("the read model to hold both members", () -> emails.size() == 2);
            assertThat(running.lastFailure()).isEmpty();
        }
        assertThat(emails).containsExactlyInAnyOrderEntriesOf(Map.of("ann", ERASED, "bob", "bob@example.com"));
    }

    @Test
    void a_read_model_that_fails_on_personal_data_logs_none_of_it() throws Exception {
        joinAnnAndBob();
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
                if (record.getParameters() != null) {
                    for (Object parameter : record.getParameters()) {
                        line.append(' ').append(parameter);
                    }
                }
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    line.append(' ').append(t);
                }
                logged.add(line.toString());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger escqrs = java.util.logging.Logger.getLogger("dev.escqrs");
        escqrs.addHandler(capture);
        // the application's own error names the event: its toString must hide the personal data
        RecordingProjection failing = new RecordingProjection().beforeApply(event -> {
            if (event.aggregateId().equals("ann")) {
                throw new IllegalStateException("cannot apply " + event);
            }
        });
        ProjectionRunner runner = ProjectionRunner.builder(ProjectionSpec.builder("failing", failing)
                        .aggregates(MEMBER)
                        .codec(codec)
                        .store(stores.eventStore())
                        .build())
                .feed(stores.feed())
                .pollInterval(Duration.ofMillis(50))
                .build();
        try (ProjectionRunner.Running running = runner.start()) {
            Eventually.await(
                    "the runner to report the failure",
                    () -> running.lastFailure().isPresent() && !logged.isEmpty());
            assertThat(running.lastFailure().orElseThrow().toString())
                    .contains("cannot apply MemberJoined")
                    .doesNotContain("ann@example.com", "Ann Example");
        } finally {
            escqrs.removeHandler(capture);
        }
        assertThat(String.join("\n", logged))
                .contains("cannot apply")
                .doesNotContain("ann@example.com", "Ann Example", "ann@new.example");
    }
}
