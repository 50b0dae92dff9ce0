package dev.escqrs.core.error;

/** The aggregate does not exist (no event has been stored for it). */
public final class NotFoundException extends EscqrsException {
    private final String aggregateName;
    private final String aggregateId;

    public NotFoundException(String aggregateName, String aggregateId) {
        super("%s %s not found".formatted(aggregateName, aggregateId));
        this.aggregateName = aggregateName;
        this.aggregateId = aggregateId;
    }

    public String aggregateName() {
        return aggregateName;
    }

    public String aggregateId() {
        return aggregateId;
    }

    @Override
    public Category category() {
        return Category.NOT_FOUND;
    }
}
