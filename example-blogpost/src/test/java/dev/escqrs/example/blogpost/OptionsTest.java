package dev.escqrs.example.blogpost;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {
    @Test
    void defaults_to_memory_on_loopback_port_8080() {
        Options options = Options.parse(new String[0]);
        assertThat(options.store()).isEqualTo("memory");
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(Options.parse(new String[] {"--host", "0.0.0.0"}).host()).isEqualTo("0.0.0.0");
        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.demo()).isFalse();
    }

    @Test
    void an_endpoint_implies_creating_the_tables() {
        Options options = Options.parse(new String[] {"--store", "dynamodb", "--endpoint", "http://127.0.0.1:5000"});
        assertThat(options.createTables()).isTrue();
        assertThat(options.endpoint()).isPresent();
    }

    @Test
    void refuses_nonsense_with_a_message() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--store", "postgres"})).hasMessageContaining("memory or dynamodb");
        assertThatThrownBy(() -> Options.parse(new String[] {"--port", "x"})).hasMessageContaining("--port must be a number");
        assertThatThrownBy(() -> Options.parse(new String[] {"--endpoint", "http://x"})).hasMessageContaining("need --store dynamodb");
        assertThatThrownBy(() -> Options.parse(new String[] {"--store", "dynamodb", "--endpoint", "nope"}))
                .hasMessageContaining("--endpoint must be a URL");
        assertThatThrownBy(() -> Options.parse(new String[] {"--frobnicate"})).hasMessageContaining("unknown argument");
        assertThatThrownBy(() -> Options.parse(new String[] {"--port"})).hasMessageContaining("needs a value");
    }

    @Test
    void repair_takes_a_known_type_and_an_id() {
        Options options = Options.parse(new String[] {"--store", "dynamodb", "--repair", "BlogPost", "01J-post"});
        assertThat(options.repair()).contains(new Options.Repair("BlogPost", "01J-post"));
        assertThatThrownBy(() -> Options.parse(new String[] {"--repair", "Invoice", "1"}))
                .hasMessageContaining("--repair knows the type BlogPost, got Invoice");
        assertThatThrownBy(() -> Options.parse(new String[] {"--repair", "BlogPost"})).hasMessageContaining("needs a value");
    }

    @Test
    void the_read_model_is_kept_by_the_service_unless_the_lambda_keeps_it() {
        assertThat(Options.parse(new String[0]).readModelRunner()).isTrue();
        assertThat(Options.parse(new String[] {"--store", "dynamodb", "--read-model", "lambda"}).readModelRunner()).isFalse();
        assertThatThrownBy(() -> Options.parse(new String[] {"--read-model", "lambda"})).hasMessageContaining("needs --store dynamodb");
        assertThatThrownBy(() -> Options.parse(new String[] {"--store", "dynamodb", "--read-model", "kcl"}))
                .hasMessageContaining("--read-model must be runner or lambda, got kcl");
    }
}
