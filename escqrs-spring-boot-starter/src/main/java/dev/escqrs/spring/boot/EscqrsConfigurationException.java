package dev.escqrs.spring.boot;

import java.util.Objects;

/**
 * The application's escqrs configuration cannot work: no store, an unknown {@code escqrs.*} property, two beans for
 * one aggregate type or one name, a reaction without a ledger. Thrown at start-up; Spring Boot prints it as an
 * "APPLICATION FAILED TO START" report with its {@link #description()} and {@link #action()}.
 */
public class EscqrsConfigurationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String description;
    private final String action;

    /**
     * @param description what is wrong, naming the property or bean
     * @param action      what to do about it
     */
    public EscqrsConfigurationException(String description, String action) {
        super(Objects.requireNonNull(description, "description") + ": " + Objects.requireNonNull(action, "action"));
        this.description = description;
        this.action = action;
    }

    /** What is wrong, naming the property or bean. */
    public String description() {
        return description;
    }

    /** What to do about it. */
    public String action() {
        return action;
    }
}
