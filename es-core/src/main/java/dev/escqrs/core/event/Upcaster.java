package dev.escqrs.core.event;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a stored payload of one schema version into the next ({@code n} to {@code n + 1}), as JSON, so that events
 * written by older code still load. Registered per event name and source version; the codec chains them.
 *
 * <pre>{@code
 * // v1 had "name", v2 calls it "title"
 * Upcaster renameTitle = json -> { json.set("title", json.remove("name")); return json; };
 * }</pre>
 */
@FunctionalInterface
public interface Upcaster {
    /** The payload at the next schema version. May change and return {@code payload}, which is a private copy. */
    ObjectNode upcast(ObjectNode payload);
}
