package dev.escqrs.core.event;

import dev.escqrs.core.error.UnknownEventTypeException;
import dev.escqrs.core.internal.PersonalFields;
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
    /** Names events were stored under before a rename, to the name they are registered under now. */
    private final Map<String, String> aliases;

    private EventTypes(Builder builder) {
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(builder.byName));
        this.byClass = Map.copyOf(builder.byClass);
        Map<String, Map<Integer, Upcaster>> copy = new LinkedHashMap<>();
        builder.upcasters.forEach((name, steps) -> copy.put(name, Map.copyOf(steps)));
        this.upcasters = Collections.unmodifiableMap(copy);
        this.aliases = Map.copyOf(builder.aliases);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The type registered under {@code name}, or under the name it was renamed to ({@link Builder#alias}); an
     * {@link UnknownEventTypeException} listing the known names otherwise.
     */
    public EventType<?> byName(String name) {
        EventType<?> type = byName.get(name);
        if (type == null && aliases.containsKey(name)) {
            type = byName.get(aliases.get(name));
        }
        if (type == null) {
            throw new UnknownEventTypeException(name, byName.keySet());
        }
        return type;
    }

    /** The names events of {@code name} were stored under before it was renamed to it; empty when it never was. */
    public Set<String> aliasesOf(String name) {
        java.util.Set<String> old = new java.util.TreeSet<>();
        aliases.forEach((alias, current) -> {
            if (current.equals(name)) {
                old.add(alias);
            }
        });
        return Collections.unmodifiableSet(old);
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

    /** Whether {@code payloadClass} is registered (exactly that class). */
    public boolean hasPayloadClass(Class<?> payloadClass) {
        return byClass.containsKey(payloadClass);
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
        private final Map<String, String> aliases = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Reads events stored under {@code oldName} as the type registered under {@code currentName}: a renamed
         * event. Events are written under the current name only; stored ones keep their name, are read under either
         * (the envelope then says the current name), and their upcasters are the current name's.
         */
        public Builder alias(String oldName, String currentName) {
            java.util.Objects.requireNonNull(oldName, "oldName");
            java.util.Objects.requireNonNull(currentName, "currentName");
            if (oldName.equals(currentName)) {
                throw new IllegalArgumentException("event name '%s' cannot be an alias of itself".formatted(oldName));
            }
            String previous = aliases.putIfAbsent(oldName, currentName);
            if (previous != null && !previous.equals(currentName)) {
                throw new IllegalArgumentException(
                        "event name '%s' is an alias of both '%s' and '%s'".formatted(oldName, previous, currentName));
            }
            return this;
        }

        /** Registers {@code payloadClass} under {@code name} at schema version 1. */
        public <P> Builder register(String name, Class<P> payloadClass) {
            return register(name, payloadClass, 1);
        }

        /** Registers {@code payloadClass} under {@code name}, written at {@code schemaVersion}. */
        public <P> Builder register(String name, Class<P> payloadClass, int schemaVersion) {
            EventType<P> type = new EventType<>(name, payloadClass, schemaVersion);
            PersonalFields.of(payloadClass); // a wrong @PersonalData mark fails here, at start
            if (byName.containsKey(name)) {
                throw new IllegalArgumentException("event name '%s' is registered twice (%s and %s)"
                        .formatted(name, byName.get(name).payloadClass().getName(), payloadClass.getName()));
            }
            if (byClass.containsKey(payloadClass)) {
                throw new IllegalArgumentException("payload class %s is registered twice ('%s' and '%s')"
                        .formatted(
                                payloadClass.getName(),
                                byClass.get(payloadClass).name(),
                                name));
            }
            byName.put(name, type);
            byClass.put(payloadClass, type);
            return this;
        }

        /** Adds the step that turns a stored {@code name} payload of {@code fromVersion} into {@code fromVersion + 1}. */
        public Builder upcaster(String name, int fromVersion, Upcaster upcaster) {
            if (fromVersion < 1) {
                throw new IllegalArgumentException(
                        "upcaster for '%s': fromVersion must be 1 or more, got %d".formatted(name, fromVersion));
            }
            Upcaster previous =
                    upcasters.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(fromVersion, upcaster);
            if (previous != null) {
                throw new IllegalArgumentException(
                        "upcaster for '%s' from version %d is registered twice".formatted(name, fromVersion));
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
            other.aliases.forEach(this::alias);
            other.upcasters.forEach((name, steps) -> steps.forEach((from, u) -> {
                if (upcasters.getOrDefault(name, Map.of()).get(from) != u) {
                    upcaster(name, from, u);
                }
            }));
            return this;
        }

        public EventTypes build() {
            aliases.forEach((old, current) -> {
                if (!byName.containsKey(current)) {
                    throw new IllegalArgumentException(
                            "'%s' is an alias of '%s', which is not registered; registered ".formatted(old, current)
                                    + "names are " + byName.keySet());
                }
                if (byName.containsKey(old)) {
                    throw new IllegalArgumentException(
                            ("'%s' is registered as an event name and cannot also be an " + "alias of '%s'")
                                    .formatted(old, current));
                }
            });
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
