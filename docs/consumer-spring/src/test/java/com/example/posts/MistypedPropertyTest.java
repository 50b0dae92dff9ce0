package com.example.posts;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A typo in an escqrs property stops the start, naming the key and the one that was meant. */
class MistypedPropertyTest {
    @Test
    void a_mistyped_escqrs_property_stops_the_start_and_names_the_nearest_key() {
        SpringApplicationBuilder application = new SpringApplicationBuilder(PostsApplication.class)
                .web(WebApplicationType.NONE)
                .properties("escqrs.store=memory", "escqrs.projections.poll-intervall=50ms");

        assertThatThrownBy(application::run)
                .hasStackTraceContaining("escqrs.projections.poll-intervall")
                .hasStackTraceContaining("escqrs.projections.poll-interval");
    }
}
