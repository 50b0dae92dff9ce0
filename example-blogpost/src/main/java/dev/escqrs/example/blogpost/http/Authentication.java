package dev.escqrs.example.blogpost.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.escqrs.console.ConsoleAuthenticator;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who sends a write: the actor comes from a verified bearer token, a JWT whose {@code sub} is the actor's id. The token
 * must be signed with the configured key and algorithm (HS256 with a shared secret of at least 32 bytes, RS256 with an
 * RSA public key, ES256 with a P-256 public key; {@code none} and every other algorithm are refused), must carry
 * {@code sub} and {@code exp}, must not be expired or used before {@code nbf} (60 s of clock skew), and must match the
 * issuer and audience when they are configured.
 *
 * <p>{@link #development()} is for a laptop: it also trusts an {@code X-Actor-Id} header, and it signs tokens with a
 * key made at start and never stored, so that the banner can print ready-to-paste tokens. The service refuses to start
 * with it on anything but a loopback interface.
 */
public final class Authentication {
    /** The claim that lists a token's roles (a JSON array of strings). */
    public static final String ROLES_CLAIM = "roles";
    /** The role that lets a token into the operator console and the operators' endpoint, DELETE /authors/{id}. */
    public static final String OPERATOR_ROLE = "operator";
    /** The least HS256 secret: 256 bits (RFC 7518 3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    private static final Duration DEV_TOKEN_LIFETIME = Duration.ofHours(12);

    /** A request that is not authenticated: answered with 401 and {@code WWW-Authenticate: Bearer}. */
    static final class Unauthenticated extends RuntimeException {
        private final ProblemType type;

        Unauthenticated(ProblemType type, String message) {
            super(message, null, false, false);
            this.type = type;
        }

        /** {@code unauthenticated} (no credentials), or {@code invalid_token} (a token that does not verify). */
        ProblemType type() {
            return type;
        }
    }

    private final DefaultJWTProcessor<SecurityContext> tokens;
    private final Optional<MACSigner> devSigner;
    private final String description;
    private final Clock clock;

    private Authentication(
            JWSAlgorithm algorithm,
            Key key,
            Optional<String> issuer,
            Optional<String> audience,
            Optional<MACSigner> devSigner,
            String description,
            Clock clock) {
        this.tokens = new DefaultJWTProcessor<>();
        tokens.setJWSKeySelector(new SingleKeyJWSKeySelector<>(algorithm, key));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        issuer.ifPresent(exact::issuer);
        Set<String> required = new HashSet<>(Set.of("sub", "exp"));
        issuer.ifPresent(i -> required.add("iss"));
        tokens.setJWTClaimsSetVerifier(
                new DefaultJWTClaimsVerifier<>(audience.map(Set::of).orElse(null), exact.build(), required, null) {
                    @Override
                    protected Date currentTime() {
                        return Date.from(clock.instant());
                    }
                });
        this.devSigner = devSigner;
        this.description = description;
        this.clock = clock;
    }

    /** Tokens signed with HS256 and this shared secret (at least {@value #MIN_SECRET_BYTES} bytes). */
    public static Authentication sharedSecret(byte[] secret, Optional<String> issuer, Optional<String> audience) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "the HS256 secret must be at least %d bytes, got %d".formatted(MIN_SECRET_BYTES, secret.length));
        }
        return new Authentication(
                JWSAlgorithm.HS256,
                new SecretKeySpec(secret.clone(), "HmacSHA256"),
                issuer,
                audience,
                Optional.empty(),
                "JWT (HS256, shared secret)" + claims(issuer, audience),
                Clock.systemUTC());
    }

    /** Tokens signed with the private half of this public key: RS256 for RSA, ES256 for an EC P-256 key. */
    public static Authentication publicKey(PublicKey key, Optional<String> issuer, Optional<String> audience) {
        JWSAlgorithm algorithm = switch (key) {
            case RSAPublicKey rsa when rsa.getModulus().bitLength() >= 2048 -> JWSAlgorithm.RS256;
            case RSAPublicKey rsa ->
                throw new IllegalArgumentException("an RSA key must have at least 2048 bits, got "
                        + rsa.getModulus().bitLength());
            case ECPublicKey ec when Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams())) -> JWSAlgorithm.ES256;
            case ECPublicKey ec -> throw new IllegalArgumentException("an EC key must be on P-256 (for ES256)");
            default -> throw new IllegalArgumentException("the key must be RSA or EC, got " + key.getAlgorithm());
        };
        return new Authentication(
                algorithm,
                key,
                issuer,
                audience,
                Optional.empty(),
                "JWT (" + algorithm + ", public key)" + claims(issuer, audience),
                Clock.systemUTC());
    }

    /** Parses a PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), RSA or EC. */
    public static PublicKey parsePublicKey(String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        if (!pem.contains("-----BEGIN PUBLIC KEY-----") || body.isEmpty()) {
            throw new IllegalArgumentException("the key must be a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM public key is not valid base64");
        }
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new IllegalArgumentException("the PEM public key is neither an RSA nor an EC key");
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
        try {
            return new Authentication(
                    JWSAlgorithm.HS256,
                    new SecretKeySpec(secret, "HmacSHA256"),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(new MACSigner(secret)),
                    "DEVELOPMENT (X-Actor-Id trusted)",
                    clock);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isDevelopment() {
        return devSigner.isPresent();
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
        MACSigner signer = devSigner.orElseThrow(() -> new IllegalStateException("only development auth makes tokens"));
        Date now = Date.from(clock.instant());
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(actor)
                .issueTime(now)
                .expirationTime(Date.from(clock.instant().plus(DEV_TOKEN_LIFETIME)));
        if (roles.length > 0) {
            claims.claim(ROLES_CLAIM, List.of(roles));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
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
        JWTClaimsSet claims = verify(parts[1]);
        if (hasHeader && !actorHeader.equals(claims.getSubject())) {
            throw new IllegalArgumentException("X-Actor-Id and the bearer token name different actors; send one");
        }
        return new Principal(claims.getSubject(), isOperator(claims));
    }

    private static boolean isOperator(JWTClaimsSet claims) {
        return claims.getClaim(ROLES_CLAIM) instanceof List<?> roles && roles.contains(OPERATOR_ROLE);
    }

    /**
     * Who may use the operator console: a bearer token that verifies as every write's does (key, algorithm, expiry,
     * issuer, audience) and lists {@value #OPERATOR_ROLE} in its {@value #ROLES_CLAIM} claim, e.g.
     * {@code {"sub": "olivia", "roles": ["operator"], "exp": ...}}; a verified token without the role is not an
     * operator (403), any other is refused (401).
     */
    public ConsoleAuthenticator operators() {
        return token -> {
            JWTClaimsSet claims;
            try {
                claims = tokens.process(token, null);
            } catch (ParseException e) {
                return new ConsoleAuthenticator.Verdict.Refused("the token is not a signed JWT");
            } catch (BadJOSEException e) {
                return new ConsoleAuthenticator.Verdict.Refused(e.getMessage());
            } catch (JOSEException e) {
                return new ConsoleAuthenticator.Verdict.Refused("the token could not be verified");
            }
            String subject = claims.getSubject();
            if (subject == null || subject.isBlank()) {
                return new ConsoleAuthenticator.Verdict.Refused("the token's subject is blank");
            }
            return isOperator(claims)
                    ? new ConsoleAuthenticator.Verdict.Operator(subject)
                    : new ConsoleAuthenticator.Verdict.NotAnOperator(subject);
        };
    }

    private JWTClaimsSet verify(String token) {
        try {
            JWTClaimsSet claims = tokens.process(token, null);
            if (claims.getSubject().isBlank()) {
                throw new Unauthenticated(ProblemType.INVALID_TOKEN, "the token's subject (the actor) is blank");
            }
            return claims;
        } catch (ParseException e) {
            throw new Unauthenticated(ProblemType.INVALID_TOKEN, "the bearer token is not a signed JWT");
        } catch (BadJOSEException e) {
            // nimbus's reasons name claims and algorithms, never keys: safe and useful to a client
            throw new Unauthenticated(ProblemType.INVALID_TOKEN, "the bearer token was refused: " + e.getMessage());
        } catch (JOSEException e) {
            throw new Unauthenticated(ProblemType.INVALID_TOKEN, "the bearer token could not be verified");
        }
    }

    private static String claims(Optional<String> issuer, Optional<String> audience) {
        return issuer.map(i -> ", iss " + i).orElse("")
                + audience.map(a -> ", aud " + a).orElse("");
    }
}
