package dev.escqrs.core.internal;

import dev.escqrs.core.error.InvalidInputException;

/**
 * The one rule for every id escqrs stores (aggregate ids, actor ids, names, correlation ids): not blank, at most
 * {@value #MAX_LENGTH} characters, no control characters, valid Unicode (no lone surrogates). DynamoDB keys allow more, but an id that breaks a log
 * line or a URL is a bug waiting to happen, and refusing it early costs nothing.
 */
public final class Identifiers {
    /** The longest id accepted, in characters. */
    public static final int MAX_LENGTH = 1024;

    private Identifiers() {}

    /**
     * Returns {@code value} if it is a valid id, else throws {@link InvalidInputException} naming {@code what}.
     */
    public static String requireValid(String what, String value) {
        if (value == null) {
            throw new InvalidInputException(what + " is missing");
        }
        if (value.isBlank()) {
            throw new InvalidInputException(what + " is blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidInputException(
                    "%s is %d characters long; at most %d are allowed".formatted(what, value.length(), MAX_LENGTH));
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidInputException(
                        "%s contains a control character (U+%04X) at index %d".formatted(what, (int) c, i));
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidInputException(
                        "%s is not valid Unicode: a lone surrogate (U+%04X) at index %d".formatted(what, (int) c, i));
            }
        }
        return value;
    }
}
