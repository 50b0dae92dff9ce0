package dev.escqrs.spring.boot;

import dev.escqrs.core.projection.ProjectionSpec;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * escqrs's start-up errors in Spring Boot's words: the "APPLICATION FAILED TO START" report's description says what
 * is wrong and its action what to do, instead of the advice sitting five {@code Caused by} deep. Maps every
 * {@link EscqrsConfigurationException} (no store, an unknown property, two beans of one aggregate type or name, ...)
 * and es-core's refusal of a durable projection under {@code PARK} without a durable {@code Parking}.
 */
class EscqrsFailureAnalyzer implements FailureAnalyzer {
    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof EscqrsConfigurationException escqrs) {
                return new FailureAnalysis(escqrs.description(), escqrs.action(), escqrs);
            }
            if (isDurableProjectionWithoutParking(cause)) {
                return new FailureAnalysis(
                        cause.getMessage(),
                        "Give the spec the application's Parking bean: "
                                + "inject Parking into the @Bean method of the ProjectionSpec and call .parking(parking) on "
                                + "its builder (the starter makes DynamoDbParking on DynamoDB, in the checkpoint table); or "
                                + "declare the reaction as an EscqrsReaction bean, which the starter runs with it.",
                        cause);
            }
        }
        return null;
    }

    /** es-core's refusal, thrown by {@link ProjectionSpec}'s constructor. */
    private static boolean isDurableProjectionWithoutParking(Throwable cause) {
        StackTraceElement[] trace = cause.getStackTrace();
        return cause instanceof IllegalArgumentException
                && trace.length > 0
                && trace[0].getClassName().equals(ProjectionSpec.class.getName())
                && cause.getMessage() != null
                && cause.getMessage().contains("is durable")
                && cause.getMessage().contains("parking(");
    }
}
