package dev.escqrs.dynamodb.internal;

import dev.escqrs.dynamodb.table.IndexEntry;
import dev.escqrs.dynamodb.table.TableNames;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Reads the versions an {@link IndexWriter} found missing before an event from the events table, to fill the gap. */
final class EventRange {
    private EventRange() {}

    /**
     * The events of {@code entry}'s aggregate from {@code from} to {@code to}, read consistently from the store; an
     * error when any is not there.
     */
    static List<IndexEntry> read(DynamoDbClient client, TableNames tables, IndexEntry entry, long from, long to) {
        EventItems events = EventItems.of(tables.layout());
        QueryRequest query = QueryRequest.builder()
                .tableName(tables.eventsTable())
                .consistentRead(true)
                .keyConditionExpression("#s = :s AND #v BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#s", events.streamId(), "#v", events.version()))
                .expressionAttributeValues(Map.of(
                        ":s",
                        AttributeValue.fromS(entry.streamId()),
                        ":from",
                        AttributeValue.fromN(Long.toString(from)),
                        ":to",
                        AttributeValue.fromN(Long.toString(to))))
                .build();
        String where = "an event of %s %s".formatted(entry.aggregateName(), entry.aggregateId());
        List<IndexEntry> between = ReadFailures.guardPages(
                        tables.eventsTable(),
                        () -> "the events of %s %s".formatted(entry.aggregateName(), entry.aggregateId()),
                        client.queryPaginator(query).items())
                .map(item -> IndexWriter.entry(EventItems.fromItem(item, where)))
                .toList();
        if (between.size() != to - from + 1) {
            throw new IllegalStateException(
                    ("%s %s: the index lacks versions %d to %d before version %d, and the events "
                                    + "table holds %d of them; an aggregate's versions have no gaps, so the events table was changed "
                                    + "by hand")
                            .formatted(
                                    entry.aggregateName(),
                                    entry.aggregateId(),
                                    from,
                                    to,
                                    entry.version(),
                                    between.size()));
        }
        return between;
    }
}
