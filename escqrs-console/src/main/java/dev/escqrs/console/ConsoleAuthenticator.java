package dev.escqrs.console;

import java.util.Objects;

/**
 * Decides who may use the {@link OperatorConsole}: given the bearer token a request carries (its
 * {@code Authorization: Bearer} header, or the console's session cookie that the login form set), it says whether the
 * token names an {@linkplain Verdict.Operator operator}, a caller who is {@linkplain Verdict.NotAnOperator not one}
 * (answered 403), or is {@linkplain Verdict.Refused no valid credential} at all (answered 401).
 *
 * <p>It is called on every request, so an expired or revoked token stops working at once; it must be thread-safe and
 * should not block for long (verify a signature, do not call out for each request). The console never stores a token
 * beyond the operator's browser cookie, and never logs one.
 *
 * <pre>{@code
 * ConsoleAuthenticator byRole = token -> jwt.verify(token)
 *         .map(claims -> claims.roles().contains("operator")
 *                 ? new Verdict.Operator(claims.subject())
 *                 : new Verdict.NotAnOperator(claims.subject()))
 *         .orElseGet(() -> new Verdict.Refused("the token does not verify"));
 * }</pre>
 */
@FunctionalInterface
public interface ConsoleAuthenticator {
    /** What {@code token} (never null, maybe blank or garbage) proves. */
    Verdict authenticate(String token);

    /** The outcome of {@link #authenticate}. */
    sealed interface Verdict {
        /** An operator, by the name that goes into skips and the log ("who"). */
        record Operator(String name) implements Verdict {
            public Operator {
                Objects.requireNonNull(name, "name");
                if (name.isBlank()) {
                    throw new IllegalArgumentException("an operator needs a name (it is recorded with each skip)");
                }
            }
        }

        /** A valid credential of someone who is not an operator: 403. */
        record NotAnOperator(String subject) implements Verdict {
            public NotAnOperator {
                Objects.requireNonNull(subject, "subject");
            }
        }

        /** No valid credential (malformed, expired, wrongly signed): 401; {@code reason} is shown to the caller. */
        record Refused(String reason) implements Verdict {
            public Refused {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }
}
