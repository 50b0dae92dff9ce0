package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Account.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.projection.BlueGreen;
import dev.escqrs.testkit.projection.RecordingProjection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ProjectionContract.Replacing}: a new read model is built beside the serving one and takes over. */
abstract class ProjectionReplacing extends ProjectionGroup {
    ProjectionReplacing(ProjectionContract contract) {
        super(contract);
    }

    @Test
    void a_new_read_model_is_built_beside_the_serving_one_and_takes_over_once_caught_up() throws Exception {
        write(ACCOUNT, "g1", 3);
        RecordingProjection blue = new RecordingProjection();
        List<RecordingProjection> retired = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (BlueGreen<RecordingProjection> models =
                BlueGreen.serving(blue, runner("accounts-v1", blue).start()).onRetire(retired::add)) {
            awaitAll(blue, "g1");
            RecordingProjection green = new RecordingProjection();
            models.build(green, runner("accounts-v2", green));
            write(ACCOUNT, "g2", 1);
            assertThat(models.current())
                    .as("the old one serves while the new one builds")
                    .isSameAs(blue);

            assertThat(models.awaitPromotion(Duration.ofSeconds(30), Eventually.timeout()))
                    .isTrue();

            assertThat(models.current()).isSameAs(green);
            assertThat(retired).containsExactly(blue);
            awaitAll(green, "g1", "g2");
            write(ACCOUNT, "g1", 1);
            awaitAll(green, "g1", "g2");
        }
        assertThat(blue.total()).as("the retired one follows no more").isLessThanOrEqualTo(6);
    }
}
