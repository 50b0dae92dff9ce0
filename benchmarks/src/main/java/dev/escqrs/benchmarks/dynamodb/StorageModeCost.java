package dev.escqrs.benchmarks.dynamodb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.benchmarks.dynamodb.Sheets.Sheet;
import dev.escqrs.benchmarks.dynamodb.Sheets.SheetCommand;
import dev.escqrs.benchmarks.dynamodb.Sheets.SheetEvent;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.command.CommandResult;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.table.StorageMode;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.dynamodb.RequestCounter;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What one command costs in each {@link StorageMode}, for events and states of several sizes, on the server at
 * ENDPOINT (moto in scripts/bench): per create, cold command, warm command, lost race (another handler wins first,
 * then ours retries) and two-event command, the requests, capacity units ({@link CapacityMeter}), bytes stored per
 * event and bytes the events table's stream carries; then a consistent read of the aggregate's history (its 7 events),
 * which in one-item mode carry the states they were written with. Each mode and size runs on fresh tables of its own (a unique
 * prefix) of escqrs's default layout (a NEW_IMAGE stream, no by-name index).
 *
 * <pre>java ... StorageModeCost ENDPOINT TABLE_PREFIX</pre>
 * Prints one JSON line. The sizes are those of the two-item items: the event's own item, and the aggregate's row;
 * the paddings that reach them are measured first on tables of their own, and printed, so that the seed's script
 * (benchmarks/seed-node/sizes.mjs) writes the same payloads.
 */
public final class StorageModeCost {
    /** (event, state) in bytes: about a blog post's, larger events, a larger state. */
    private static final List<int[]> SIZES =
            List.of(new int[] {150, 200}, new int[] {1024, 200}, new int[] {3072, 200}, new int[] {150, 3072});

    private static final String ACTOR = "alice";

    private StorageModeCost() {}

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String prefix = args[1];
        ObjectMapper json = new ObjectMapper();
        ObjectNode out = json.createObjectNode()
                .put("escqrs", "0.1.0-SNAPSHOT")
                .put("java", Runtime.version().toString())
                .put("layout", "default (NEW_IMAGE stream, no index)");
        // what an event and a row weigh unpadded: the paddings below make up the rest
        long bareEvent;
        long bareRow;
        try (Probe probe = Probe.open(endpoint, prefix + "bare-", StorageMode.TWO_ITEM)) {
            CommandHandler<SheetCommand, SheetEvent, Sheet> handler = probe.handler();
            String id = handler.create(ACTOR, new SheetCommand.Write("", 0))
                    .aggregate()
                    .id();
            probe.reset();
            handler.handle(CommandRequest.update(id, ACTOR, new SheetCommand.Edit("")));
            bareEvent = probe.capacity.streamBytes();
            bareRow = probe.rowBytes(id);
        }
        out.put("bareEventBytes", bareEvent).put("bareRowBytes", bareRow);
        ArrayNode sizes = out.putArray("sizes");
        for (int[] size : SIZES) {
            int eventPadding = Math.toIntExact(size[0] - bareEvent);
            int statePadding = Math.toIntExact(size[1] - bareRow);
            ObjectNode entry = sizes.addObject()
                    .put("eventBytes", size[0])
                    .put("stateBytes", size[1])
                    .put("eventPadding", eventPadding)
                    .put("statePadding", statePadding);
            for (StorageMode mode : StorageMode.values()) {
                String tablePrefix = "%s%s-%d-%d-"
                        .formatted(prefix, mode.name().toLowerCase(Locale.ROOT).replace('_', '-'), size[0], size[1]);
                try (Probe probe = Probe.open(endpoint, tablePrefix, mode)) {
                    entry.set(
                            mode == StorageMode.ONE_ITEM ? "oneItem" : "twoItem",
                            operations(json, probe, "p".repeat(eventPadding), statePadding));
                }
            }
        }
        System.out.println(json.writeValueAsString(out));
    }

    /** The operations on one table set, each measured alone. */
    private static ObjectNode operations(ObjectMapper json, Probe probe, String text, int stateBytes) {
        ObjectNode ops = json.createObjectNode();
        // a one-item store writes its type's marker before its first append (once per process): not a command's cost
        probe.handler().create(ACTOR, new SheetCommand.Write(text, stateBytes));

        probe.reset();
        String id = probe.handler()
                .create(ACTOR, new SheetCommand.Write(text, stateBytes))
                .aggregate()
                .id();
        ops.set("create", probe.cost(json));

        CommandHandler<SheetCommand, SheetEvent, Sheet> ours = probe.handler();
        probe.reset();
        ours.handle(CommandRequest.update(id, ACTOR, new SheetCommand.Edit(text)));
        ops.set("coldCommand", probe.cost(json));

        probe.reset();
        ours.handle(CommandRequest.update(id, ACTOR, new SheetCommand.Edit(text)));
        ops.set("warmCommand", probe.cost(json));

        probe.handler().handle(CommandRequest.update(id, ACTOR, new SheetCommand.Edit(text))); // the other writer wins
        probe.reset();
        CommandResult<SheetEvent, Sheet> retried =
                ours.handle(CommandRequest.update(id, ACTOR, new SheetCommand.Edit(text)));
        if (retried.attempts() < 2) {
            throw new IllegalStateException("the lost race was not lost: " + retried.attempts() + " attempt");
        }
        ops.set("lostRace", probe.cost(json));

        probe.reset();
        ours.handle(CommandRequest.update(id, ACTOR, new SheetCommand.EditTwice(text)));
        ObjectNode twoEvents = probe.cost(json);
        // computed, not measured: the two events packed into one item (standard write, 1 WCU per KB of the pair);
        // the keys the two items would share are counted twice, so this errs on the large side
        twoEvents.put("packedWcuComputed", Math.ceil(probe.capacity.streamBytes() / 1024.0));
        ops.set("twoEventCommand", twoEvents);

        probe.reset();
        long events = probe.store.events(Sheets.SHEET, id).count();
        ops.set("readHistory", probe.cost(json).put("events", events));
        ops.put("rowBytes", probe.rowBytes(id));
        return ops;
    }

    /** One table set, with a client whose requests and capacity are counted. */
    private record Probe(
            DynamoDbClient client,
            TableNames tables,
            RequestCounter counter,
            CapacityMeter capacity,
            DynamoDbEventStore store)
            implements AutoCloseable {
        static Probe open(URI endpoint, String prefix, StorageMode mode) {
            TableNames tables = TableNames.withPrefix(prefix).withStorage(mode);
            RequestCounter counter = new RequestCounter();
            CapacityMeter capacity = new CapacityMeter(tables.eventsTable());
            DynamoDbClient client = DynamoDbComparison.client(endpoint, counter, capacity);
            new DynamoDbTables(client, tables).createTables(List.of(Sheets.SHEET.name()));
            return new Probe(
                    client,
                    tables,
                    counter,
                    capacity,
                    new DynamoDbEventStore(client, tables, JsonCodec.of(Sheets.SHEET)));
        }

        CommandHandler<SheetCommand, SheetEvent, Sheet> handler() {
            return CommandHandler.builder(Sheets.SHEET, new Sheets.SheetDecider())
                    .store(store, store)
                    .build();
        }

        void reset() {
            counter.reset();
            capacity.reset();
        }

        ObjectNode cost(ObjectMapper json) {
            return DynamoDbComparison.cost(json, counter, capacity);
        }

        /** The size of the aggregate's row, 0 if it has none (one-item mode writes no rows). */
        long rowBytes(String id) {
            Map<String, AttributeValue> row = client.getItem(b -> b.tableName(tables.aggregateTable(Sheets.SHEET))
                            .consistentRead(true)
                            .key(Map.of("id", AttributeValue.fromS(id))))
                    .item();
            return row == null ? 0 : DynamoDbTables.itemSize(row);
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
