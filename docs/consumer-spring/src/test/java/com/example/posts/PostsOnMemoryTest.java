package com.example.posts;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole application on the in-memory store, as application.properties runs it locally. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "escqrs.store=memory", "escqrs.projections.poll-interval=50ms",
        "spring.security.user.password=" + PostsApi.PASSWORD})
class PostsOnMemoryTest extends PostsApi {
    @Autowired
    MeterRegistry meters;

    @Test
    void commands_are_measured_in_the_applications_registry() throws Exception {
        a_retried_create_gets_the_first_answer();

        assertThat(meters.get("escqrs.commands").tags("aggregate", "Post", "outcome", "appended").timer().count())
                .isPositive();
    }
}
