package dev.escqrs.example.blogpost.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;

/**
 * The tokens development auth prints in the banner: HS256, signed with a key made at start and never stored, valid
 * for 12 hours on {@code clock}.
 */
final class DevelopmentTokens {
    private static final Duration LIFETIME = Duration.ofHours(12);

    private final MACSigner signer;
    private final Clock clock;

    DevelopmentTokens(byte[] secret, Clock clock) {
        try {
            this.signer = new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        this.clock = clock;
    }

    /** A token for {@code actor}, with {@code roles} in its {@value Authentication#ROLES_CLAIM} claim when given. */
    String token(String actor, String... roles) {
        Date now = Date.from(clock.instant());
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(actor)
                .issueTime(now)
                .expirationTime(Date.from(clock.instant().plus(LIFETIME)));
        if (roles.length > 0) {
            claims.claim(Authentication.ROLES_CLAIM, List.of(roles));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
