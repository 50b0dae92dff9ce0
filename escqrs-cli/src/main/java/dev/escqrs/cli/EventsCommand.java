package dev.escqrs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.codec.EncodedEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.internal.StreamIds;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.dynamodb.table.TableNames;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code events TYPE ID}: the aggregate's events as stored, in version order, one JSON object a line. The payload is
 * the stored one (before any upcaster), so the command needs none of the application's classes.
 */
@Command(
        name = "events",
        description = {
            "Print an aggregate's events in version order as JSON lines: the envelope "
                    + "(eventId, eventName, aggregateName, aggregateId, aggregateVersion, actorId, occurredAt, schemaVersion, "
                    + "metadata) and the payload as stored.",
            "Exit code 3 when the aggregate has no event."
        })
final class EventsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = JsonCodec.defaultMapper();
    private final Application application;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "TYPE", description = "The aggregate type's name, e.g. BlogPost.")
    String type;

    @Parameters(index = "1", paramLabel = "ID", description = "The aggregate's id.")
    String id;

    EventsCommand(Application application) {
        this.application = application;
    }

    @Override
    public Integer call() {
        TableNames tables = connection.tables(application);
        EventItems names = EventItems.of(tables.layout());
        String streamId = StreamIds.of(type, id);
        PrintWriter out = spec.commandLine().getOut();
        try (DynamoDbClient client = connection.client()) {
            int printed = Tables.naming(tables.eventsTable(), () -> {
                int count = 0;
                var pages = client.queryPaginator(b -> b.tableName(tables.eventsTable())
                        .consistentRead(true)
                        .keyConditionExpression("#s = :s")
                        .expressionAttributeNames(Map.of("#s", names.streamId()))
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(streamId))));
                for (Map<String, AttributeValue> item : pages.items()) {
                    out.println(line(EventItems.fromItem(item, "event of " + streamId)));
                    count++;
                }
                return count;
            });
            out.flush();
            if (printed == 0) {
                spec.commandLine().getErr().printf("%s %s: no event in %s%n", type, id, tables.eventsTable());
                spec.commandLine().getErr().flush();
                return ExitCodes.FOUND;
            }
            return ExitCodes.OK;
        }
    }

    static String line(EncodedEvent event) {
        ObjectNode json = JSON.createObjectNode();
        json.put("eventId", event.eventId());
        json.put("eventName", event.eventName());
        json.put("aggregateName", event.aggregateName());
        json.put("aggregateId", event.aggregateId());
        json.put("aggregateVersion", event.aggregateVersion());
        json.put("actorId", event.actorId());
        occurredAt(event).ifPresent(at -> json.put("occurredAt", at));
        json.put("schemaVersion", event.schemaVersion());
        ObjectNode metadata = json.putObject("metadata");
        event.metadata().correlationId().ifPresent(v -> metadata.put("correlationId", v));
        event.metadata().causationId().ifPresent(v -> metadata.put("causationId", v));
        event.metadata().idempotencyRecord().ifPresent(v -> metadata.put("commandKey", v.encoded()));
        event.metadata().traceParent().ifPresent(v -> metadata.put("traceParent", v));
        json.set("payload", event.payload());
        return json.toString();
    }

    /** The time part of the event id, when it is a ULID (escqrs's own are). */
    private static Optional<String> occurredAt(EncodedEvent event) {
        try {
            return Optional.of(new AggregateEvent<>(
                            event.eventId(),
                            event.eventName(),
                            event.aggregateName(),
                            event.aggregateId(),
                            event.aggregateVersion(),
                            event.actorId(),
                            event.payload(),
                            event.metadata())
                    .occurredAt()
                    .toString());
        } catch (RuntimeException notAUlid) {
            return Optional.empty();
        }
    }
}
