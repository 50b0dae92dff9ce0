package dev.escqrs.example.blogpost.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.escqrs.console.ConsoleAuthenticator;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a bearer token, a signed JWT: with one key and its one algorithm (every other algorithm, {@code none}
 * included, is refused), {@code sub} and {@code exp} present, not expired nor used before {@code nbf} (nimbus's 60 s of
 * clock skew, on {@code clock}), the issuer and the audience matched when they are configured. A refusal says why in
 * nimbus's words, which name claims and algorithms, never keys.
 */
final class BearerTokens {
    private final DefaultJWTProcessor<SecurityContext> tokens;

    BearerTokens(JWSAlgorithm algorithm, Key key, Optional<String> issuer, Optional<String> audience, Clock clock) {
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
    }

    /**
     * The claims of a request's token.
     *
     * @throws Unauthenticated the token does not verify, or its subject (the actor) is blank (401)
     */
    JWTClaimsSet verify(String token) {
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

    /** The operator console's verdict on a token: an operator, a verified actor who is none, or refused. */
    ConsoleAuthenticator.Verdict verdict(String token) {
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
    }

    /** Whether the token's {@value Authentication#ROLES_CLAIM} claim lists {@value Authentication#OPERATOR_ROLE}. */
    static boolean isOperator(JWTClaimsSet claims) {
        return claims.getClaim(Authentication.ROLES_CLAIM) instanceof List<?> roles
                && roles.contains(Authentication.OPERATOR_ROLE);
    }
}
