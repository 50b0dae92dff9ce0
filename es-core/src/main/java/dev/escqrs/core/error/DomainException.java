package dev.escqrs.core.error;

/**
 * A decider rejected a command by the domain's rules ("a published post cannot be published again").
 * Deciders throw it, or a subclass of it; the command handler passes it through untouched and never retries it.
 */
public class DomainException extends EscqrsException {
    public DomainException(String message) {
        super(message);
    }

    @Override
    public Category category() {
        return Category.REFUSED;
    }
}
