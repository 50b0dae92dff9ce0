package dev.escqrs.console;

import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who a request comes from, and whether a state change may go ahead: the token comes from
 * {@code Authorization: Bearer} or the session cookie; a POST must pass the origin check and carry the session's
 * form token, an HMAC of the session's token under a key made at start (stateless, and worthless for another session).
 */
final class Sessions {
    private static final String MAC = "HmacSHA256";

    /** A request the console refuses, with its status. */
    static final class Refusal extends RuntimeException {
        private final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** An operator's session: the name and the form token its forms carry. */
    record Session(String operator, String formToken) {}

    private final ConsoleAuthenticator authenticator;
    private final SecretKeySpec key;

    Sessions(ConsoleAuthenticator authenticator) {
        this.authenticator = authenticator;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, MAC);
    }

    /** The operator a request comes from; a {@link Refusal} (401, 403) for anyone else. */
    Session authenticate(Context ctx) {
        return verify(token(ctx)
                .orElseThrow(() -> new Refusal(
                        401, "the console is for operators: log in with a token that carries the operator role")));
    }

    /** The operator {@code token} names; a {@link Refusal} (401, 403) for anything else. */
    Session verify(String token) {
        if (token.isBlank()) {
            throw new Refusal(401, "no token given: paste an operator's token");
        }
        ConsoleAuthenticator.Verdict verdict;
        try {
            verdict = authenticator.authenticate(token);
        } catch (RuntimeException e) {
            throw new Refusal(401, "the token was refused");
        }
        return switch (verdict) {
            case ConsoleAuthenticator.Verdict.Operator operator -> new Session(operator.name(), formToken(token));
            case ConsoleAuthenticator.Verdict.NotAnOperator who ->
                throw new Refusal(
                        403, who.subject() + " is not an operator: the console needs a token with the operator role");
            case ConsoleAuthenticator.Verdict.Refused refused ->
                throw new Refusal(401, "the token was refused: " + refused.reason());
        };
    }

    /** An operator's state change: authenticated, from the console's own page, with the session's form token. */
    Session authorizePost(Context ctx) {
        Session session = authenticate(ctx);
        checkOrigin(ctx);
        String sent = Optional.ofNullable(ctx.formParam("csrf")).orElse("");
        if (!MessageDigest.isEqual(
                sent.getBytes(StandardCharsets.UTF_8), session.formToken().getBytes(StandardCharsets.UTF_8))) {
            throw new Refusal(
                    403,
                    "the form's token is missing or stale (a request from elsewhere, or a console that "
                            + "restarted): reload the page and try again");
        }
        return session;
    }

    /**
     * Refuses a request a browser says comes from another site: {@code Sec-Fetch-Site} other than same-origin (or
     * none: typed by the user), or an {@code Origin} whose host is not the one the request was sent to.
     */
    void checkOrigin(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new Refusal(403, "a request from another site (" + site + ") may not change anything here");
        }
        String origin = ctx.header("Origin");
        if (origin != null) {
            String host = ctx.header("Host");
            String authority;
            try {
                authority = URI.create(origin).getRawAuthority();
            } catch (IllegalArgumentException e) {
                authority = null;
            }
            if (authority == null || host == null || !authority.equalsIgnoreCase(host)) {
                throw new Refusal(403, "a request from origin " + origin + " may not change anything here");
            }
        }
    }

    /** The session cookie for {@code token}: HttpOnly (no script reads it), SameSite=Strict (no other site sends it). */
    static String cookie(String token, boolean secure) {
        return OperatorConsole.SESSION_COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    /** A cookie that replaces the session cookie and expires at once. */
    static String expiredCookie() {
        return OperatorConsole.SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict";
    }

    private static Optional<String> token(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            String[] parts = authorization.strip().split("\\s+", 2);
            if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
                throw new Refusal(401, "Authorization must be: Bearer <token>");
            }
            return Optional.of(parts[1]);
        }
        return Optional.ofNullable(ctx.cookie(OperatorConsole.SESSION_COOKIE)).filter(t -> !t.isBlank());
    }

    private String formToken(String token) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
