package dev.escqrs.core.event;

import dev.escqrs.core.error.UnknownEventTypeException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry of event types: each stored event name maps to one payload record class, and back. Registration is
 * explicit (no class-path scanning), so renaming a class never silently renames stored events.
 *
 * <pre>{@code
 * EventTypes types = EventTypes.builder()
 *     .register("BlogPostCreated", BlogPostCreated.class)
 *     .register("BlogPostTitleChanged", BlogPostTitleChanged.class, 2)
 *     .upcaster("BlogPostTitleChanged", 1, json -> json.put("reason", "unknown"))
 *     .build();
 * }</pre>
 *
 * Immutable once built; safe to share between threads.
 */
public final class EventTypes {
    private final Map<String, EventType<?>> byName;
    private final Map<Class<?>, EventType<?>> byClass;
    private final Map<String, Map<Integer, Upcaster>> upcasters;

    private EventTypes(Builder builder) {
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(builder.byName));
        this.byClass = Map.copyOf(builder.byClass);
        Map<String, Map<Integer, Upcaster>> copy = new LinkedHashMap<>();
        builder.upcasters.forEach((name, steps) -> copy.put(name, Map.copyOf(steps)));
        this.upcasters = Collections.unmodifiableMap(copy);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The type registered under {@code name}, or an {@link UnknownEventTypeException} listing the known names. */
    public EventType<?> byName(String name) {
        EventType<?> type = byName.get(name);
        if (type == null) {
            throw new UnknownEventTypeException(name, byName.keySet());
        }
        return type;
    }

    /** The type whose payload class is exactly {@code payloadClass}. */
    @SuppressWarnings("unchecked")
    public <P> EventType<P> byPayloadClass(Class<P> payloadClass) {
        EventType<?> type = byClass.get(payloadClass);
        if (type == null) {
            throw new UnknownEventTypeException(payloadClass, byName.keySet());
        }
        return (EventType<P>) type;
    }

    /** Registered names, in registration order. */
    public Set<String> names() {
        return byName.keySet();
    }

    /** The upcaster from {@code fromVersion} to {@code fromVersion + 1} of event {@code name}, if registered. */
    public Optional<Upcaster> upcaster(String name, int fromVersion) {
        return Optional.ofNullable(upcasters.getOrDefault(name, Map.of()).get(fromVersion));
    }

    /** Collects registrations; {@link #build()} checks that every upcaster belongs to a known, older version. */
    public static final class Builder {
        private final Map<String, EventType<?>> byName = new LinkedHashMap<>();
        private final Map<Class<?>, EventType<?>> byClass = new LinkedHashMap<>();
        private final Map<String, Map<Integer, Upcaster>> upcasters = new LinkedHashMap<>();

        private Builder() {
        }

        /** Registers {@code payloadClass} under {@code name} at schema version 1. */
        public <P> Builder register(String name, Class<P> payloadClass) {
            return register(name, payloadClass, 1);
        }

        /** Registers {@code payloadClass} under {@code name}, written at {@code schemaVersion}. */
        public <P> Builder register(String name, Class<P> payloadClass, int schemaVersion) {
            EventType<P> type = new EventType<>(name, payloadClass, schemaVersion);
            if (byName.containsKey(name)) {
                throw new IllegalArgumentException("event name '%s' is registered twice (%s and %s)"
                        .formatted(name, byName.get(name).payloadClass().getName(), payloadClass.getName()));
            }
            if (byClass.containsKey(payloadClass)) {
                throw new IllegalArgumentException("payload class %s is registered twice ('%s' and '%s')"
                        .formatted(payloadClass.getName(), byClass.get(payloadClass).name(), name));
            }
            byName.put(name, type);
            byClass.put(payloadClass, type);
            return this;
        }

        /** Adds the step that turns a stored {@code name} payload of {@code fromVersion} into {@code fromVersion + 1}. */
        public Builder upcaster(String name, int fromVersion, Upcaster upcaster) {
            if (fromVersion < 1) {
                throw new IllegalArgumentException("upcaster for '%s': fromVersion must be 1 or more, got %d"
                        .formatted(name, fromVersion));
            }
            Upcaster previous = upcasters.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(fromVersion, upcaster);
            if (previous != null) {
                throw new IllegalArgumentException("upcaster for '%s' from version %d is registered twice"
                        .formatted(name, fromVersion));
            }
            return this;
        }

        /**
         * Adds every registration of {@code other}, for services with several aggregate types. A registration already
         * here exactly (same name, class, schema version and upcasters: two aggregate types sharing their events) is
         * kept once; any other clash is refused as {@link #register} refuses it.
         */
        public Builder include(EventTypes other) {
            other.byName.values().forEach(t -> {
                if (!t.equals(byName.get(t.name()))) {
                    register(t.name(), t.payloadClass(), t.schemaVersion());
                }
            });
            other.upcasters.forEach((name, steps) -> steps.forEach((from, u) -> {
                if (upcasters.getOrDefault(name, Map.of()).get(from) != u) {
                    upcaster(name, from, u);
                }
            }));
            return this;
        }

        public EventTypes build() {
            upcasters.forEach((name, steps) -> {
                EventType<?> type = byName.get(name);
                if (type == null) {
                    throw new UnknownEventTypeException(name, byName.keySet());
                }
                steps.keySet().forEach(from -> {
                    if (from >= type.schemaVersion()) {
                        throw new IllegalArgumentException(
                                "upcaster for '%s' from version %d: the current schema version is %d, so it would never run"
                                        .formatted(name, from, type.schemaVersion()));
                    }
                });
            });
            return new EventTypes(this);
        }
    }
}
