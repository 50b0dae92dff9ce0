package dev.escqrs.example.blogpost.domain;

import java.text.BreakIterator;
import java.text.Normalizer;

/**
 * What a title is: valid Unicode, NFC-normalised, trimmed, without control or format characters (no NUL, no ANSI
 * escapes, no bidi overrides, no zero-width characters), 1 to {@value #MAX_LENGTH} user-perceived characters
 * (grapheme clusters: an emoji with its modifiers is one).
 */
public final class Titles {
    public static final int MAX_LENGTH = 200;
    private static final int ZERO_WIDTH_JOINER = 0x200D;

    private Titles() {}

    /** The title as stored, or an {@link InvalidTitleException} saying what is wrong with {@code raw}. */
    public static String normalise(String raw) {
        if (raw == null) {
            throw new InvalidTitleException("a title is required");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidTitleException(
                        "the title is not valid Unicode (a lone surrogate at index %d)".formatted(i));
            }
        }
        String title = Normalizer.normalize(raw, Normalizer.Form.NFC).strip();
        int[] codePoints = title.codePoints().toArray();
        for (int i = 0; i < codePoints.length; i++) {
            if (refused(codePoints, i)) {
                throw new InvalidTitleException(
                        "the title contains U+%04X, a %s character; titles hold printable text only"
                                .formatted(
                                        codePoints[i],
                                        Character.getType(codePoints[i]) == Character.CONTROL ? "control" : "format"));
            }
        }
        if (title.isEmpty()) {
            throw new InvalidTitleException("the title is blank");
        }
        int length = graphemes(title);
        if (length > MAX_LENGTH) {
            throw new InvalidTitleException(
                    "the title is %d characters long; at most %d are allowed".formatted(length, MAX_LENGTH));
        }
        return title;
    }

    /**
     * Control (Cc) and format (Cf: bidi controls, zero-width spaces, soft hyphens) characters; a zero-width joiner
     * (U+200D) only between two visible characters, as inside an emoji sequence.
     */
    private static boolean refused(int[] codePoints, int i) {
        int type = Character.getType(codePoints[i]);
        if (type == Character.CONTROL) {
            return true;
        }
        if (codePoints[i] == ZERO_WIDTH_JOINER) {
            return i == 0 || i == codePoints.length - 1 || invisible(codePoints[i - 1]) || invisible(codePoints[i + 1]);
        }
        return type == Character.FORMAT;
    }

    private static boolean invisible(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || Character.isWhitespace(codePoint);
    }

    /** User-perceived characters: extended grapheme clusters (the JDK's character BreakIterator, Java 20+). */
    static int graphemes(String text) {
        BreakIterator it = BreakIterator.getCharacterInstance();
        it.setText(text);
        int count = 0;
        while (it.next() != BreakIterator.DONE) {
            count++;
        }
        return count;
    }
}
