package dev.escqrs.example.blogpost;

import static dev.escqrs.example.blogpost.ServiceUnderTest.assertError;
import static dev.escqrs.example.blogpost.ServiceUnderTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.escqrs.example.blogpost.http.Authentication;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may write, over HTTP on both stores: the actor is a verified token's subject, and only the author may change a post. */
class HttpAuthTest {
    private static final byte[] SECRET = "a shared secret of more than 32 bytes".getBytes(StandardCharsets.UTF_8);
    private static final String ISSUER = "https://id.example.com";
    private static final String AUDIENCE = "blog-posts";
    private ServiceUnderTest service;

    @AfterEach
    void stop() throws Exception {
        service.close();
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        return new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    }

    private static String signed(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static String hs256(JWTClaimsSet claims) throws JOSEException {
        return signed(new MACSigner(SECRET), JWSAlgorithm.HS256, claims);
    }

    /** The Authorization header with {@code token}, then {@code more} headers (name, value pairs). */
    private static String[] bearer(String token, String... more) {
        String[] headers = new String[2 + more.length];
        headers[0] = "Authorization";
        headers[1] = "Bearer " + token;
        System.arraycopy(more, 0, headers, 2, more.length);
        return headers;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void the_actor_is_the_subject_of_a_verified_token_and_only_the_author_changes_a_post(String store)
            throws Exception {
        service = new ServiceUnderTest(
                store, Authentication.sharedSecret(SECRET, Optional.of(ISSUER), Optional.of(AUDIENCE)), getClass());
        String alice = hs256(claims("alice").build());
        String bob = hs256(claims("bob").build());

        String id = service.created("Hello", bearer(alice));
        assertThat(json(service.send("GET", "/posts/" + id, null))
                        .get("authorId")
                        .asText())
                .isEqualTo("alice");
        assertError(
                service.send(
                        "PUT",
                        "/posts/" + id + "/title",
                        "{\"title\": \"Bob's now\"}",
                        bearer(bob, "If-Match", "\"1\"")),
                403,
                "forbidden");
        assertError(
                service.send("POST", "/posts/" + id + "/publish", null, bearer(bob, "If-Match", "\"1\"")),
                403,
                "forbidden");
        assertThat(service.send(
                                "PUT",
                                "/posts/" + id + "/title",
                                "{\"title\": \"Still mine\"}",
                                bearer(alice, "If-Match", "\"1\""))
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> missing = service.send("POST", "/posts", "{\"title\": \"x\"}");
        assertError(missing, 401, "unauthenticated");
        assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertError(
                service.send("POST", "/posts", "{\"title\": \"x\"}", "Authorization", "Basic YWxpY2U6cHc="),
                401,
                "unauthenticated");
        assertError(
                service.send("POST", "/posts", "{\"title\": \"x\"}", "X-Actor-Id", "alice"),
                400,
                "invalid_credentials");
        assertError(
                service.send("POST", "/posts", "{\"title\": \"x\"}", bearer(alice, "X-Actor-Id", "alice")),
                400,
                "invalid_credentials");

        Date past = Date.from(Instant.now().minusSeconds(3600));
        String[] refused = {
            hs256(claims("alice").expirationTime(past).build()),
            hs256(claims("alice")
                    .notBeforeTime(Date.from(Instant.now().plusSeconds(3600)))
                    .build()),
            hs256(claims("alice").expirationTime(null).build()),
            hs256(claims("alice").issuer("https://evil.example.com").build()),
            hs256(claims("alice").audience("another-service").build()),
            hs256(claims(" ").build()),
            signed(
                    new MACSigner("another secret that is 32 bytes or more".getBytes(StandardCharsets.UTF_8)),
                    JWSAlgorithm.HS256,
                    claims("alice").build()),
            new PlainJWT(claims("alice").build()).serialize(),
            tamperedSubject(bob, "alice"),
            "not.a.jwt",
        };
        for (String token : refused) {
            HttpResponse<String> response = service.send("POST", "/posts", "{\"title\": \"x\"}", bearer(token));
            assertError(response, 401, "invalid_token");
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }
        assertThat(json(service.send("GET", "/posts/" + id, null))
                        .get("version")
                        .asLong())
                .as("nothing else was written")
                .isEqualTo(2);
        assertThat(service.accessLog())
                .map(ServiceUnderTest::json)
                .anySatisfy(line -> assertThat(line.get("status").asInt() + " "
                                + line.path("actor").asText())
                        .isEqualTo("201 alice"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void public_keys_verify_rs256_and_es256_and_an_hs256_token_made_with_the_public_key_is_refused(String store)
            throws Exception {
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        KeyPair rsa = rsaGenerator.generateKeyPair();
        service = new ServiceUnderTest(
                store,
                Authentication.publicKey(Authentication.parsePublicKey(pem(rsa)), Optional.empty(), Optional.empty()),
                getClass());
        String id = service.created(
                "RSA",
                bearer(signed(
                        new RSASSASigner(rsa.getPrivate()),
                        JWSAlgorithm.RS256,
                        claims("alice").build())));
        assertThat(json(service.send("GET", "/posts/" + id, null))
                        .get("authorId")
                        .asText())
                .isEqualTo("alice");
        // algorithm confusion: the public key's bytes used as an HMAC secret
        String confused = signed(
                new MACSigner(rsa.getPublic().getEncoded()),
                JWSAlgorithm.HS256,
                claims("mallory").build());
        assertError(service.send("POST", "/posts", "{\"title\": \"x\"}", bearer(confused)), 401, "invalid_token");
        service.close();

        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = ecGenerator.generateKeyPair();
        service = new ServiceUnderTest(
                store,
                Authentication.publicKey(Authentication.parsePublicKey(pem(ec)), Optional.empty(), Optional.empty()),
                getClass());
        service.created(
                "EC",
                bearer(signed(
                        new ECDSASigner((ECPrivateKey) ec.getPrivate()),
                        JWSAlgorithm.ES256,
                        claims("alice").build())));
        assertError(
                service.send(
                        "POST",
                        "/posts",
                        "{\"title\": \"x\"}",
                        bearer(signed(
                                new RSASSASigner(rsa.getPrivate()),
                                JWSAlgorithm.RS256,
                                claims("alice").build()))),
                401,
                "invalid_token");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void development_auth_takes_its_own_tokens_or_x_actor_id(String store) {
        Authentication dev = Authentication.development();
        service = new ServiceUnderTest(store, dev, getClass());
        String id = service.created("Hello", bearer(dev.developmentToken("alice")));
        assertThat(service.send(
                                "PUT",
                                "/posts/" + id + "/title",
                                "{\"title\": \"By header\"}",
                                "X-Actor-Id",
                                "alice",
                                "If-Match",
                                "\"1\"")
                        .statusCode())
                .isEqualTo(200);
        assertError(
                service.send(
                        "POST",
                        "/posts/" + id + "/publish",
                        null,
                        bearer(dev.developmentToken("bob"), "If-Match", "\"2\"")),
                403,
                "forbidden");
        assertError(
                service.send(
                        "POST",
                        "/posts",
                        "{\"title\": \"x\"}",
                        bearer(Authentication.development().developmentToken("alice"))),
                401,
                "invalid_token");
        assertError(
                service.send(
                        "POST",
                        "/posts",
                        "{\"title\": \"x\"}",
                        bearer(dev.developmentToken("alice"), "X-Actor-Id", "bob")),
                400,
                "invalid_credentials");
    }

    private static String tamperedSubject(String token, String subject) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"sub\":\"[^\"]*\"", "\"sub\":\"" + subject + "\"");
        return parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
