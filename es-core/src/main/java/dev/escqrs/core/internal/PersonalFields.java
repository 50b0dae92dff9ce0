package dev.escqrs.core.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.escqrs.core.privacy.PersonalData;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The {@link PersonalData} properties of a payload or state class, checked once per class: every mark names a subject
 * that is a property of the class (or the aggregate id), the subject is not itself personal, and no primitive is
 * marked. The event and aggregate registrations check their classes with it, so that a wrong mark fails at start.
 *
 * @param type       the class
 * @param properties its marked properties, in declaration order (empty when it has none)
 */
public record PersonalFields(Class<?> type, List<Property> properties) {
    /**
     * @param name    the JSON property ({@code @JsonProperty}'s name when given)
     * @param subject the JSON property of the subject's id, or {@link PersonalData#AGGREGATE_ID}
     * @param text    whether it is a {@code String} (an erased one reads as {@link PersonalData#ERASED}, others as null)
     */
    public record Property(String name, String subject, boolean text) {}

    private static final ClassValue<PersonalFields> BY_CLASS = new ClassValue<>() {
        @Override
        protected PersonalFields computeValue(Class<?> type) {
            return inspect(type);
        }
    };

    /** The marked properties of {@code type}; throws {@link IllegalArgumentException} naming a wrong mark. */
    public static PersonalFields of(Class<?> type) {
        return BY_CLASS.get(type);
    }

    public boolean isEmpty() {
        return properties.isEmpty();
    }

    /**
     * {@code value}'s {@code toString} when its class marks nothing; otherwise its class name and properties with the
     * marked ones hidden, so that a log line or an error message never shows personal data.
     */
    public static String redacted(Object value) {
        if (value == null) {
            return "null";
        }
        boolean marks;
        try {
            marks = !of(value.getClass()).isEmpty();
        } catch (IllegalArgumentException wronglyMarked) {
            marks = true;
        }
        if (!marks) {
            return value.toString();
        }
        if (!value.getClass().isRecord()) {
            return value.getClass().getSimpleName() + "[personal data not shown]";
        }
        StringJoiner shown = new StringJoiner(", ", value.getClass().getSimpleName() + "[", "]");
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            Object part;
            if (component.isAnnotationPresent(PersonalData.class)) {
                part = "<personal data>";
            } else {
                try {
                    component.getAccessor().setAccessible(true);
                    part = component.getAccessor().invoke(value);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    part = "?";
                }
            }
            shown.add(component.getName() + "=" + part);
        }
        return shown.toString();
    }

    private static PersonalFields inspect(Class<?> type) {
        Map<String, AnnotatedElement> all = properties(type);
        List<Property> marked = new ArrayList<>();
        all.forEach((name, element) -> {
            PersonalData mark = element.getAnnotation(PersonalData.class);
            if (mark == null) {
                return;
            }
            String where = type.getName() + "." + name;
            Class<?> javaType = element instanceof RecordComponent c ? c.getType() : ((Field) element).getType();
            if (javaType.isPrimitive()) {
                throw new IllegalArgumentException(
                        ("%s is a %s marked @PersonalData: a primitive cannot read as " + "erased; make it a %s")
                                .formatted(where, javaType, boxed(javaType)));
            }
            String subject = mark.subject();
            if (subject.isBlank()) {
                throw new IllegalArgumentException(("%s is marked @PersonalData without a subject: name the property "
                                + "that holds the data subject's id (@PersonalData(subject = \"authorId\")), or use "
                                + "PersonalData.AGGREGATE_ID when the subject is the aggregate")
                        .formatted(where));
            }
            if (!subject.equals(PersonalData.AGGREGATE_ID)) {
                AnnotatedElement subjectElement = all.get(subject);
                if (subjectElement == null) {
                    throw new IllegalArgumentException(
                            "%s is @PersonalData of the subject in '%s', but %s has no property '%s'; it has %s"
                                    .formatted(where, subject, type.getName(), subject, all.keySet()));
                }
                if (subjectElement.isAnnotationPresent(PersonalData.class)) {
                    throw new IllegalArgumentException(("%s is @PersonalData of the subject in '%s', which is itself "
                                    + "marked @PersonalData: the subject's id is stored in the clear, so that its key can be "
                                    + "found")
                            .formatted(where, subject));
                }
            }
            marked.add(new Property(name, subject, javaType == String.class));
        });
        return new PersonalFields(type, List.copyOf(marked));
    }

    /** The JSON properties of {@code type}: its record components, or its instance fields. */
    private static Map<String, AnnotatedElement> properties(Class<?> type) {
        Map<String, AnnotatedElement> found = new LinkedHashMap<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                found.put(jsonName(component, component.getName()), component);
            }
            return found;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
                    found.putIfAbsent(jsonName(field, field.getName()), field);
                }
            }
        }
        return found;
    }

    private static String jsonName(AnnotatedElement element, String name) {
        JsonProperty renamed = element.getAnnotation(JsonProperty.class);
        return renamed != null && !renamed.value().isEmpty() ? renamed.value() : name;
    }

    private static String boxed(Class<?> primitive) {
        return switch (primitive.getName()) {
            case "int" -> "Integer";
            case "char" -> "Character";
            default ->
                Character.toUpperCase(primitive.getName().charAt(0))
                        + primitive.getName().substring(1);
        };
    }
}
