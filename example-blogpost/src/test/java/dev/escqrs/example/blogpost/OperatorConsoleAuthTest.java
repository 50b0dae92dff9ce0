package dev.escqrs.example.blogpost;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.escqrs.console.OperatorConsole;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.example.blogpost.app.ReadModel;
import dev.escqrs.example.blogpost.app.Workflows;
import dev.escqrs.example.blogpost.http.Authentication;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may use the example's operator console, over HTTP: a JWT that verifies with the service's key and lists
 * "operator" in its "roles" claim; 401 without a token or with one that does not verify, 403 without the role.
 */
class OperatorConsoleAuthTest {
    static final byte[] SECRET = "a shared secret of more than 32 bytes".getBytes(StandardCharsets.UTF_8);
    static final Authentication AUTH = Authentication.sharedSecret(SECRET, Optional.empty(), Optional.empty());
    static ServiceUnderTest service;
    static OperatorConsole console;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        service = new ServiceUnderTest("memory", AUTH, OperatorConsoleAuthTest.class);
        var injector = service.injector();
        console = service.closing(Main.console(
                        new Options.Console("127.0.0.1", 0),
                        AUTH,
                        injector.getInstance(ReadModel.class),
                        injector.getInstance(Workflows.class),
                        injector.getInstance(Parking.class))
                .start());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    static String token(String subject, Instant expires, List<String> roles, byte[] secret) throws JOSEException {
        JWTClaimsSet.Builder claims =
                new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(expires));
        if (!roles.isEmpty()) {
            claims.claim(Authentication.ROLES_CLAIM, roles);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    static String token(String subject, List<String> roles) throws JOSEException {
        return token(subject, Instant.now().plusSeconds(600), roles, SECRET);
    }

    HttpResponse<String> get(Optional<String> token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(console.uri());
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void an_operator_sees_the_read_model_and_the_workflows() throws Exception {
        HttpResponse<String> response = get(Optional.of(token("olivia", List.of("reader", "operator"))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body())
                .contains("data-runner=\"published-posts\"", "data-runner=\"author-stats\"", "olivia");
    }

    @Test
    void without_a_token_is_401() throws Exception {
        assertThat(get(Optional.empty()).statusCode()).isEqualTo(401);
    }

    @Test
    void a_token_that_does_not_verify_is_401() throws Exception {
        byte[] other = "another secret that is 32 bytes or more".getBytes(StandardCharsets.UTF_8);
        assertThat(get(Optional.of(token("mallory", Instant.now().plusSeconds(600), List.of("operator"), other)))
                        .statusCode())
                .isEqualTo(401);
        assertThat(get(Optional.of(token("olivia", Instant.now().minusSeconds(3600), List.of("operator"), SECRET)))
                        .statusCode())
                .isEqualTo(401);
        assertThat(get(Optional.of("not.a.jwt")).statusCode()).isEqualTo(401);
    }

    @Test
    void a_valid_token_without_the_operator_role_is_403() throws Exception {
        HttpResponse<String> response = get(Optional.of(token("alice", List.of("reader"))));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("alice is not an operator").doesNotContain("data-runner");
        assertThat(get(Optional.of(token("alice", List.of()))).statusCode()).isEqualTo(403);
    }
}
