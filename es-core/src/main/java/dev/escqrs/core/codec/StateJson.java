package dev.escqrs.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.error.SerializationException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/** Aggregate state to its JSON object and back, its personal data encrypted and bound to the aggregate. */
final class StateJson {
    private final PayloadMapper payloads;
    private final PersonalDataCipher personal;

    StateJson(PayloadMapper payloads, PersonalDataCipher personal) {
        this.payloads = payloads;
        this.personal = personal;
    }

    /** Aggregate state as a JSON object. */
    ObjectNode encode(Object state, String aggregateName, String aggregateId) {
        java.util.function.Supplier<String> what = () -> "state of %s %s".formatted(aggregateName, aggregateId);
        ObjectNode json = JsonTrees.toObject(payloads, state, what);
        personal.protect(json, state.getClass(), aggregateId, associatedState(aggregateName, aggregateId), what);
        return json;
    }

    /** Aggregate state from its JSON object. */
    <S> S decode(JsonNode json, Class<S> stateClass, String aggregateName, String aggregateId) {
        JsonNode plain = json;
        Set<String> revealed = new HashSet<>();
        // a state without encrypted values (most: no personal data) is read as it is, without a copy
        if (json instanceof ObjectNode object && SealedValue.anywhereIn(object)) {
            ObjectNode copy = object.deepCopy();
            personal.reveal(
                    copy,
                    associatedState(aggregateName, aggregateId),
                    revealed,
                    () -> "stored state of %s %s".formatted(aggregateName, aggregateId));
            PersonalDataCipher.nullErased(copy, stateClass);
            plain = copy;
        }
        try {
            return payloads.fromTree(plain, stateClass);
        } catch (IllegalArgumentException e) {
            throw new SerializationException(
                    "stored state of %s %s cannot be read as %s: %s"
                            .formatted(
                                    aggregateName,
                                    aggregateId,
                                    stateClass.getName(),
                                    PersonalDataCipher.hide(
                                            JsonTrees.withoutJacksonAdvice(JsonTrees.firstLine(e.getMessage())),
                                            revealed)),
                    revealed.isEmpty() ? e : null);
        }
    }

    /** What a state's encrypted values are bound to: its aggregate. */
    private static byte[] associatedState(String aggregateName, String aggregateId) {
        return ("state:" + aggregateName + ":" + aggregateId).getBytes(StandardCharsets.UTF_8);
    }
}
