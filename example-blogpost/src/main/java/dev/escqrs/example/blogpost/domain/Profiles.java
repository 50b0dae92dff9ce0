package dev.escqrs.example.blogpost.domain;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * What an author's profile holds: a name of 1 to {@value #MAX_NAME_LENGTH} characters (NFC-normalised, trimmed,
 * without control or format characters) and an email address of the form {@code local@domain.tld}, at most
 * {@value #MAX_EMAIL_LENGTH} characters, stored as given but trimmed.
 */
public final class Profiles {
    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_EMAIL_LENGTH = 254;
    private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+");

    private Profiles() {}

    /** The name as stored, or an {@link InvalidProfileException} saying what is wrong with {@code raw}. */
    public static String name(String raw) {
        if (raw == null) {
            throw new InvalidProfileException("a name is required");
        }
        String name = Normalizer.normalize(raw, Normalizer.Form.NFC).strip();
        if (name.isEmpty()) {
            throw new InvalidProfileException("the name is blank");
        }
        if (name.codePoints().anyMatch(Profiles::invisible)) {
            throw new InvalidProfileException(
                    "the name contains a control or format character; names hold printable " + "text only");
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_NAME_LENGTH) {
            throw new InvalidProfileException(
                    "the name is %d characters long; at most %d are allowed".formatted(length, MAX_NAME_LENGTH));
        }
        return name;
    }

    /** The email address as stored, or an {@link InvalidProfileException}; the message never repeats the address. */
    public static String email(String raw) {
        if (raw == null) {
            throw new InvalidProfileException("an email address is required");
        }
        String email = raw.strip();
        if (email.length() > MAX_EMAIL_LENGTH) {
            throw new InvalidProfileException("the email address is %d characters long; at most %d are allowed"
                    .formatted(email.length(), MAX_EMAIL_LENGTH));
        }
        if (!EMAIL.matcher(email).matches() || email.codePoints().anyMatch(Profiles::invisible)) {
            throw new InvalidProfileException("the email address must look like name@example.com");
        }
        return email;
    }

    private static boolean invisible(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT;
    }
}
