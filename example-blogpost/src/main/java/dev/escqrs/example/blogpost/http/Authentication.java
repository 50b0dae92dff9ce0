package dev.escqrs.example.blogpost.http;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.escqrs.console.ConsoleAuthenticator;
import io.javalin.http.Context;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who sends a write: the actor comes from a verified bearer token, a JWT whose {@code sub} is the actor's id. The token
 * must be signed with the configured key and algorithm (HS256 with a shared secret of at least 32 bytes, RS256 with an
 * RSA public key, ES256 with a P-256 public key; {@code none} and every other algorithm are refused), must carry
 * {@code sub} and {@code exp}, must not be expired or used before {@code nbf} (60 s of clock skew), and must match the
 * issuer and audience when they are configured ({@link BearerTokens} verifies them).
 *
 * <p>{@link #development()} is for a laptop: it also trusts an {@code X-Actor-Id} header, and it signs tokens with a
 * key made at start and never stored ({@link DevelopmentTokens}), so that the banner can print ready-to-paste tokens.
 * The service refuses to start with it on anything but a loopback interface.
 */
public final class Authentication {
    /** The claim that lists a token's roles (a JSON array of strings). */
    public static final String ROLES_CLAIM = "roles";
    /** The role that lets a token into the operator console and the operators' endpoint, DELETE /authors/{id}. */
    public static final String OPERATOR_ROLE = "operator";
    /** The least HS256 secret: 256 bits (RFC 7518 3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    private final BearerTokens tokens;
    private final Optional<DevelopmentTokens> devTokens;
    private final String description;

    private Authentication(BearerTokens tokens, Optional<DevelopmentTokens> devTokens, String description) {
        this.tokens = tokens;
        this.devTokens = devTokens;
        this.description = description;
    }

    /** Tokens signed with HS256 and this shared secret (at least {@value #MIN_SECRET_BYTES} bytes). */
    public static Authentication sharedSecret(byte[] secret, Optional<String> issuer, Optional<String> audience) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "the HS256 secret must be at least %d bytes, got %d".formatted(MIN_SECRET_BYTES, secret.length));
        }
        return new Authentication(
                new BearerTokens(
                        JWSAlgorithm.HS256,
                        new SecretKeySpec(secret.clone(), "HmacSHA256"),
                        issuer,
                        audience,
                        Clock.systemUTC()),
                Optional.empty(),
                "JWT (HS256, shared secret)" + claims(issuer, audience));
    }

    /** Tokens signed with the private half of this public key: RS256 for RSA, ES256 for an EC P-256 key. */
    public static Authentication publicKey(PublicKey key, Optional<String> issuer, Optional<String> audience) {
        JWSAlgorithm algorithm = PublicKeys.algorithm(key);
        return new Authentication(
                new BearerTokens(algorithm, key, issuer, audience, Clock.systemUTC()),
                Optional.empty(),
                "JWT (" + algorithm + ", public key)" + claims(issuer, audience));
    }

    /** Parses a PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), RSA or EC. */
    public static PublicKey parsePublicKey(String pem) {
        return PublicKeys.parse(pem);
    }

    /**
     * Development only: trusts {@code X-Actor-Id}, and accepts HS256 tokens signed with a key made now and never
     * stored ({@link #developmentToken}).
     */
    public static Authentication development() {
        return development(Clock.systemUTC());
    }

    static Authentication development(Clock clock) {
        byte[] secret = new byte[MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        return new Authentication(
                new BearerTokens(
                        JWSAlgorithm.HS256,
                        new SecretKeySpec(secret, "HmacSHA256"),
                        Optional.empty(),
                        Optional.empty(),
                        clock),
                Optional.of(new DevelopmentTokens(secret, clock)),
                "DEVELOPMENT (X-Actor-Id trusted)");
    }

    public boolean isDevelopment() {
        return devTokens.isPresent();
    }

    /** What the banner says about it. */
    public String description() {
        return description;
    }

    /**
     * A token for {@code actor}, valid for 12 hours, that this (development) authentication accepts; with
     * {@code roles} in its {@value #ROLES_CLAIM} claim ({@value #OPERATOR_ROLE}: the operator console's).
     */
    public String developmentToken(String actor, String... roles) {
        return devTokens
                .orElseThrow(() -> new IllegalStateException("only development auth makes tokens"))
                .token(actor, roles);
    }

    /**
     * Who may use the operator console: a bearer token that verifies as every write's does (key, algorithm, expiry,
     * issuer, audience) and lists {@value #OPERATOR_ROLE} in its {@value #ROLES_CLAIM} claim, e.g.
     * {@code {"sub": "olivia", "roles": ["operator"], "exp": ...}}; a verified token without the role is not an
     * operator (403), any other is refused (401).
     */
    public ConsoleAuthenticator operators() {
        return tokens::verdict;
    }

    /**
     * The actor who sends this request (see {@link #actor(String, String)}), noted for the access log.
     *
     * @throws HttpError credentials this mode does not take, or two that disagree (400)
     */
    String actor(Context ctx) {
        String actor;
        try {
            actor = actor(ctx.header("Authorization"), ctx.header("X-Actor-Id"));
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, ProblemType.INVALID_CREDENTIALS, e.getMessage());
        }
        ctx.req().setAttribute(AccessLog.ACTOR_ATTRIBUTE, actor);
        return actor;
    }

    /**
     * The operator who sends this request (see {@link #operator(String, String)}), noted for the access log.
     *
     * @throws HttpError credentials this mode does not take, or two that disagree (400); not an operator (403)
     */
    String operator(Context ctx) {
        String operator;
        try {
            operator = operator(ctx.header("Authorization"), ctx.header("X-Actor-Id"));
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, ProblemType.INVALID_CREDENTIALS, e.getMessage());
        }
        ctx.req().setAttribute(AccessLog.ACTOR_ATTRIBUTE, operator);
        return operator;
    }

    /** Who sent a request: the actor, and whether their token lists the operator role ({@code X-Actor-Id}: never). */
    private record Principal(String subject, boolean operator) {}

    /**
     * The actor of a request from its {@code Authorization} header (and, in development, {@code X-Actor-Id}).
     *
     * @throws Unauthenticated no credentials, or a token that does not verify (401)
     * @throws IllegalArgumentException credentials this mode does not take, or two that disagree (400)
     */
    String actor(String authorization, String actorHeader) {
        return principal(authorization, actorHeader).subject();
    }

    /**
     * The operator who sends a request: the actor of its bearer token, which lists {@value #OPERATOR_ROLE} in its
     * {@value #ROLES_CLAIM} claim, as the operator console requires. {@code X-Actor-Id} names an actor, never an
     * operator, also in development.
     *
     * @throws Unauthenticated no credentials, or a token that does not verify (401)
     * @throws HttpError the actor is not an operator (403)
     * @throws IllegalArgumentException credentials this mode does not take, or two that disagree (400)
     */
    String operator(String authorization, String actorHeader) {
        Principal principal = principal(authorization, actorHeader);
        if (!principal.operator()) {
            throw new HttpError(
                    403,
                    ProblemType.FORBIDDEN,
                    ("%s is not an operator: this needs a bearer token whose " + "\"%s\" claim lists \"%s\"")
                            .formatted(principal.subject(), ROLES_CLAIM, OPERATOR_ROLE));
        }
        return principal.subject();
    }

    private Principal principal(String authorization, String actorHeader) {
        boolean hasHeader = actorHeader != null;
        if (hasHeader && !isDevelopment()) {
            throw new IllegalArgumentException("X-Actor-Id is trusted only with --auth dev; "
                    + "send the actor as a bearer token: Authorization: Bearer <JWT>");
        }
        if (authorization == null) {
            if (hasHeader && !actorHeader.isBlank()) {
                return new Principal(actorHeader, false);
            }
            throw new Unauthenticated(
                    ProblemType.UNAUTHENTICATED,
                    isDevelopment()
                            ? "writes need Authorization: Bearer <token> (the banner prints some) or, in development, X-Actor-Id"
                            : "writes need Authorization: Bearer <JWT>, with the actor's id as its subject");
        }
        String[] parts = authorization.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            throw new Unauthenticated(ProblemType.UNAUTHENTICATED, "Authorization must be: Bearer <JWT>");
        }
        JWTClaimsSet claims = tokens.verify(parts[1]);
        if (hasHeader && !actorHeader.equals(claims.getSubject())) {
            throw new IllegalArgumentException("X-Actor-Id and the bearer token name different actors; send one");
        }
        return new Principal(claims.getSubject(), BearerTokens.isOperator(claims));
    }

    private static String claims(Optional<String> issuer, Optional<String> audience) {
        return issuer.map(i -> ", iss " + i).orElse("")
                + audience.map(a -> ", aud " + a).orElse("");
    }
}
