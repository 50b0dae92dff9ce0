package dev.escqrs.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.error.SerializationException;
import java.util.function.Supplier;

/** What the codec's parts share: a value as a JSON object, and Jackson's error messages made fit to show. */
final class JsonTrees {
    private JsonTrees() {}

    /**
     * Jackson's words without its advice to change the mapper ("set DeserializationFeature... to 'false' to allow",
     * Jackson 3 quotes the feature in backticks): a stored state that no longer reads is rebuilt from the events, not
     * read more leniently.
     */
    static String withoutJacksonAdvice(String message) {
        return message.replaceAll("\\s*\\((set|enable|disable) `?[A-Za-z.]*Feature\\.[^)]*\\)", "");
    }

    /** The mapper's words without where in the (tree) source they were: the first line. */
    static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** {@code value} as a JSON object, else a {@link SerializationException} that names {@code what}. */
    static ObjectNode toObject(PayloadMapper payloads, Object value, Supplier<String> what) {
        JsonNode json;
        try {
            json = payloads.toTree(value);
        } catch (IllegalArgumentException e) {
            throw new SerializationException(
                    "%s (%s) cannot be written as JSON: %s"
                            .formatted(what.get(), value.getClass().getName(), rootMessage(e)),
                    e);
        }
        if (!(json instanceof ObjectNode object)) {
            throw new SerializationException("%s (%s) must be written as a JSON object, got %s"
                    .formatted(what.get(), value.getClass().getName(), json.getNodeType()));
        }
        return object;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
