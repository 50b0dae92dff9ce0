package dev.escqrs.console;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of an action, shown once on the page the action redirects to (post, redirect, get: a reload does not
 * send the form again). Kept by a random id, the last {@value #KEPT} only; never taken from the URL itself, so a link
 * cannot put words on the console's page.
 */
final class Flash {
    private static final int KEPT = 64;

    /** One outcome. */
    record Message(boolean ok, String text) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Message> messages = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Message> eldest) {
            return size() > KEPT;
        }
    };

    synchronized String put(boolean ok, String text) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        String key = HexFormat.of().formatHex(id);
        messages.put(key, new Message(ok, text));
        return key;
    }

    synchronized Optional<Message> take(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(messages.remove(id));
    }
}
