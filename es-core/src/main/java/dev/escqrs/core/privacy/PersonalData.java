package dev.escqrs.core.privacy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a property of an event payload or of an aggregate's state as personal data of a data subject: the codec
 * ({@code JsonCodec.withPersonalData}) encrypts its value with the subject's key before any store sees it, and once
 * the subject is forgotten ({@link DataKeys#forget}) every read shows it erased. Nothing else changes for the
 * application: commands, folds and projections see the plain value while the key exists.
 *
 * <pre>{@code
 * record AuthorRenamed(String authorId,
 *                      @PersonalData(subject = "authorId") String name,
 *                      @PersonalData(subject = "authorId") String email) implements AuthorEvent { }
 * record Author(@PersonalData(subject = PersonalData.AGGREGATE_ID) String name, long posts) { }
 * }</pre>
 *
 * <p>Rules, checked when the event type or aggregate type is registered (an {@code IllegalArgumentException} says
 * which property breaks which):
 * <ul>
 *   <li>{@link #subject} names another top-level property of the same class, whose value is the subject's id (a
 *       string or a number), or is {@link #AGGREGATE_ID}; a mark without a subject is refused;</li>
 *   <li>the subject's property is not itself personal data;</li>
 *   <li>a primitive property cannot be marked (an erased value reads as {@code null});</li>
 *   <li>only top-level properties of the payload or state class are marked: a marked property may hold a record,
 *       a list or a map, and its whole value is encrypted as one.</li>
 * </ul>
 *
 * <p>An erased value reads as {@link #ERASED} in a {@code String} property and as {@code null} in any other. A null
 * value is stored as null (there is nothing to protect).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface PersonalData {
    /** {@link #subject} for data whose subject is the aggregate the event or state belongs to (its id). */
    String AGGREGATE_ID = "@aggregateId";

    /** What a {@code String} property of a forgotten subject reads as. */
    String ERASED = "[erased]";

    /** The property holding the data subject's id, or {@link #AGGREGATE_ID}. Required. */
    String subject() default "";
}
