package dev.escqrs.example.blogpost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.escqrs.example.blogpost.app.BlogPostModule;
import dev.escqrs.example.blogpost.app.BlogPostService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

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
    void the_operator_console_is_on_by_default_on_loopback_port_8081() {
        assertThat(Options.parse(new String[0]).console()).contains(new Options.Console("127.0.0.1", 8081));
        assertThat(Options.parse(new String[] {"--console-port", "9000", "--console-host", "0.0.0.0"})
                        .console())
                .contains(new Options.Console("0.0.0.0", 9000));
        assertThat(Options.parse(new String[] {"--no-console"}).console()).isEmpty();
        assertThatThrownBy(() -> Options.parse(new String[] {"--console-port", "x"}))
                .hasMessageContaining("--console-port must be a number");
        assertThatThrownBy(() -> Options.parse(new String[] {"--port", "8081"}))
                .hasMessageContaining("--console-port must differ from --port");
    }

    @Test
    void an_endpoint_implies_creating_the_tables() {
        Options options = Options.parse(new String[] {"--store", "dynamodb", "--endpoint", "http://127.0.0.1:5000"});
        assertThat(options.createTables()).isTrue();
        assertThat(options.endpoint()).isPresent();
    }

    @Test
    void refuses_nonsense_with_a_message() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--store", "postgres"}))
                .hasMessageContaining("memory or dynamodb");
        assertThatThrownBy(() -> Options.parse(new String[] {"--port", "x"}))
                .hasMessageContaining("--port must be a number");
        assertThatThrownBy(() -> Options.parse(new String[] {"--endpoint", "http://x"}))
                .hasMessageContaining("need --store dynamodb");
        assertThatThrownBy(() -> Options.parse(new String[] {"--store", "dynamodb", "--endpoint", "nope"}))
                .hasMessageContaining("--endpoint must be a URL");
        assertThatThrownBy(() -> Options.parse(new String[] {"--frobnicate"})).hasMessageContaining("unknown argument");
        assertThatThrownBy(() -> Options.parse(new String[] {"--port"})).hasMessageContaining("needs a value");
    }

    @Test
    void on_dynamodb_the_kms_key_comes_from_the_flag_else_the_environment() {
        Map<String, String> env = Map.of("ESCQRS_KMS_KEY_ID", "alias/from-env");
        assertThat(Options.parse(new String[] {"--store", "dynamodb"}, env).kmsKey())
                .contains("alias/from-env");
        assertThat(Options.parse(new String[] {"--store", "dynamodb", "--kms-key", "alias/flag"}, env)
                        .kmsKey())
                .contains("alias/flag");
        assertThat(Options.parse(new String[] {"--store", "dynamodb"}).kmsKey())
                .as("no environment in tests")
                .isEmpty();
        assertThat(Options.parse(new String[0], env).kmsKey())
                .as("in memory the keys are in memory")
                .isEmpty();
        assertThatThrownBy(() -> Options.parse(new String[] {"--kms-key", "alias/x"}))
                .hasMessageContaining("--kms-key need --store dynamodb");
    }

    @Test
    void on_aws_without_a_kms_key_the_service_does_not_start_and_says_what_to_set() {
        Options aws = Options.parse(new String[] {"--store", "dynamodb", "--region", "eu-west-1"});
        Injector injector = Guice.createInjector(
                new BlogPostModule(),
                StoreModules.of(
                        aws,
                        dynamo -> dynamo.credentials(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")))));

        assertThatThrownBy(() -> injector.getInstance(BlogPostService.class))
                .hasMessageContaining("on AWS the authors' personal data needs a KMS key: give --kms-key KEY or set "
                        + "ESCQRS_KMS_KEY_ID");
    }

    @Test
    void repair_takes_a_known_type_and_an_id() {
        Options options = Options.parse(new String[] {"--store", "dynamodb", "--repair", "BlogPost", "01J-post"});
        assertThat(options.repair()).contains(new Options.Repair("BlogPost", "01J-post"));
        assertThatThrownBy(() -> Options.parse(new String[] {"--repair", "Invoice", "1"}))
                .hasMessageContaining("--repair knows the type BlogPost, got Invoice");
        assertThatThrownBy(() -> Options.parse(new String[] {"--repair", "BlogPost"}))
                .hasMessageContaining("needs a value");
    }

    @Test
    void the_read_model_is_kept_by_the_service_unless_the_lambda_keeps_it() {
        assertThat(Options.parse(new String[0]).readModelRunner()).isTrue();
        assertThat(Options.parse(new String[] {"--store", "dynamodb", "--read-model", "lambda"})
                        .readModelRunner())
                .isFalse();
        assertThatThrownBy(() -> Options.parse(new String[] {"--read-model", "lambda"}))
                .hasMessageContaining("needs --store dynamodb");
        assertThatThrownBy(() -> Options.parse(new String[] {"--store", "dynamodb", "--read-model", "kcl"}))
                .hasMessageContaining("--read-model must be runner or lambda, got kcl");
    }

    @Test
    void on_dynamodb_the_runners_read_the_index_and_the_service_indexes_unless_a_lambda_does() {
        Options local = Options.parse(new String[] {"--store", "dynamodb", "--endpoint", "http://127.0.0.1:5000"});
        assertThat(local.indexFeed()).isTrue();
        assertThat(local.indexerHere())
                .as("no Lambda beside a local endpoint: the service indexes")
                .isTrue();
        assertThat(local.streamReaders()).isEqualTo(1);

        Options deployed = Options.parse(new String[] {"--store", "dynamodb", "--indexer", "lambda"});
        assertThat(deployed.indexFeed()).isTrue();
        assertThat(deployed.indexerHere()).isFalse();
        assertThat(deployed.streamReaders()).isZero();

        Options stream = Options.parse(new String[] {"--store", "dynamodb", "--feed", "stream"});
        assertThat(stream.indexFeed()).isFalse();
        assertThat(stream.indexerHere()).isFalse();
        assertThat(stream.streamReaders())
                .as("the read model's and the workflow's runners")
                .isEqualTo(2);

        assertThat(Options.parse(new String[] {"--store", "dynamodb", "--read-model", "lambda"})
                        .streamReaders())
                .as("the Lambdas read the Stream; deploy/template.yaml counts their mappings")
                .isZero();
        Options memory = Options.parse(new String[0]);
        assertThat(memory.indexFeed()).isFalse();
        assertThat(memory.indexerHere()).isFalse();
        assertThat(memory.streamReaders()).isZero();
    }

    @Test
    void feed_and_indexer_refuse_what_does_not_go_together() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--feed", "index"}))
                .hasMessageContaining("on DynamoDB");
        assertThatThrownBy(() -> Options.parse(
                        new String[] {"--store", "dynamodb", "--read-model", "lambda", "--indexer", "here"}))
                .hasMessageContaining("--read-model runner");
        assertThatThrownBy(() ->
                        Options.parse(new String[] {"--store", "dynamodb", "--feed", "stream", "--indexer", "here"}))
                .hasMessageContaining("--feed stream does not read");
        assertThatThrownBy(() -> Options.parse(new String[] {"--store", "dynamodb", "--feed", "kinesis"}))
                .hasMessageContaining("--feed must be index or stream, got kinesis");
        assertThatThrownBy(() -> Options.parse(new String[] {"--store", "dynamodb", "--indexer", "kcl"}))
                .hasMessageContaining("--indexer must be here or lambda, got kcl");
    }

    @Test
    void development_auth_is_the_default_on_loopback_only_and_jwt_needs_exactly_one_key(@TempDir Path dir)
            throws Exception {
        String secret = "a shared secret of more than 32 bytes";
        assertThat(ServiceAuthentication.from(Options.parse(new String[0]), Map.of())
                        .isDevelopment())
                .isTrue();
        assertThat(ServiceAuthentication.from(Options.parse(new String[] {"--host", "localhost"}), Map.of())
                        .isDevelopment())
                .isTrue();
        assertThat(ServiceAuthentication.from(Options.parse(new String[0]), Map.of("ESCQRS_JWT_SECRET", secret))
                        .isDevelopment())
                .as("a key given means JWT")
                .isFalse();
        assertThat(ServiceAuthentication.from(
                                Options.parse(new String[] {"--host", "0.0.0.0"}), Map.of("ESCQRS_JWT_SECRET", secret))
                        .description())
                .startsWith("JWT (HS256");

        assertThatThrownBy(
                        () -> ServiceAuthentication.from(Options.parse(new String[] {"--host", "0.0.0.0"}), Map.of()))
                .hasMessageContaining("serves loopback only, not --host 0.0.0.0");
        assertThatThrownBy(() -> ServiceAuthentication.from(
                        Options.parse(new String[] {"--host", "0.0.0.0", "--auth", "dev"}),
                        Map.of("ESCQRS_JWT_SECRET", secret)))
                .hasMessageContaining("serves loopback only");
        assertThatThrownBy(() -> ServiceAuthentication.from(Options.parse(new String[] {"--auth", "jwt"}), Map.of()))
                .hasMessageContaining("--auth jwt needs a key");
        assertThatThrownBy(() ->
                        ServiceAuthentication.from(Options.parse(new String[0]), Map.of("ESCQRS_JWT_SECRET", "short")))
                .hasMessageContaining("at least 32 bytes, got 5");
        Path key = dir.resolve("key.pem");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        Files.writeString(
                key,
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(
                                        generator.generateKeyPair().getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
        assertThat(ServiceAuthentication.from(
                                Options.parse(
                                        new String[] {"--jwt-public-key", key.toString(), "--jwt-audience", "blog"}),
                                Map.of())
                        .description())
                .isEqualTo("JWT (ES256, public key), aud blog");
        assertThatThrownBy(() -> ServiceAuthentication.from(
                        Options.parse(new String[] {"--jwt-public-key", key.toString()}),
                        Map.of("ESCQRS_JWT_SECRET", secret)))
                .hasMessageContaining("give one key");
        assertThatThrownBy(() -> ServiceAuthentication.from(
                        Options.parse(new String[] {
                            "--jwt-public-key", dir.resolve("none").toString()
                        }),
                        Map.of()))
                .hasMessageContaining("cannot read --jwt-public-key");
        Files.writeString(key, "-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> ServiceAuthentication.from(
                        Options.parse(new String[] {"--jwt-public-key", key.toString()}), Map.of()))
                .hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> Options.parse(new String[] {"--auth", "basic"}))
                .hasMessageContaining("--auth must be dev or jwt");
        assertThatThrownBy(() -> Options.parse(new String[] {"--auth", "dev", "--jwt-issuer", "x"}))
                .hasMessageContaining("go with --auth jwt");
    }
}
