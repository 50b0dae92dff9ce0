package dev.escqrs.cli;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.internal.StreamIds;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbParking;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.internal.AggregateItems;
import dev.escqrs.dynamodb.internal.EventItems;
import dev.escqrs.dynamodb.table.ItemLayout;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Fresh tables on the test server (a prefix of their own), aggregates written through a command handler, and the
 * SDK calls that put them out of step the way a point-in-time restore can: events and rows written, changed or
 * deleted behind escqrs's back.
 */
final class RestoredTables implements AutoCloseable {
    static final JsonCodec CODEC = JsonCodec.of(Accounts.ACCOUNT, Accounts.NOTE);
    /** The CLI as an application that registered the account's decider and not the note's. */
    static final EscqrsCli CLI = EscqrsCli.builder()
            .aggregate(Accounts.ACCOUNT, Accounts.DECIDER)
            .codec(CODEC)
            .build();

    final DynamoDbTestServer server = DynamoDbTestServer.get();
    final String prefix = server.tablePrefix(EscqrsCliTest.class);
    final TableNames tables = TableNames.withPrefix(prefix);
    final DynamoDbClient client = server.oneConnectionClient();
    final DynamoDbEventStore store = new DynamoDbEventStore(client, tables, CODEC);
    final DynamoDbParking parking = new DynamoDbParking(client, tables);
    final CommandHandler<Accounts.Command, Accounts.Event, Accounts.Account> accounts = CommandHandler.builder(
                    Accounts.ACCOUNT, Accounts.DECIDER)
            .store(store, store)
            .build();
    final CommandHandler<Accounts.Written, Accounts.Written, Accounts.Note> notes = CommandHandler.builder(
                    Accounts.NOTE, Accounts.NOTE_DECIDER)
            .store(store, store)
            .build();

    RestoredTables() {
        new DynamoDbTables(client, tables).createTables(List.of("Account", "Note"));
    }

    /** What one command line printed, and its exit code. */
    record Run(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    /** Runs the CLI in-process against these tables (the connection options follow the command words). */
    Run cli(String... command) {
        return run(
                CLI,
                Stream.concat(
                                Stream.of(command),
                                Stream.of(
                                        "--endpoint",
                                        server.endpoint().toString(),
                                        "--emulator",
                                        "--table-prefix",
                                        prefix))
                        .toArray(String[]::new));
    }

    static Run run(EscqrsCli cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = cli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** An account opened by {@code owner}, with the deposits made one command each. */
    String account(String owner, long... deposits) {
        String id = accounts.create("ops", new Accounts.Open(owner)).aggregate().id();
        long version = 1;
        for (long amount : deposits) {
            version = accounts.update(id, "ops", new Accounts.Deposit(amount), version)
                    .aggregate()
                    .version();
        }
        return id;
    }

    String note(String text) {
        return notes.create("ops", new Accounts.Written(text)).aggregate().id();
    }

    /** An event written straight into the events table, the row untouched. */
    void plantEvent(String type, String id, long version, Object payload) {
        var event = new AggregateEvent<>(
                EventIds.system().next(),
                CODEC.eventName(payload),
                type,
                id,
                version,
                "ops",
                payload,
                EventMetadata.NONE);
        client.putItem(b -> b.tableName(tables.eventsTable())
                .item(DynamoDbTables.eventItem(ItemLayout.COMPACT, CODEC.encode(event))));
    }

    void deleteEvent(String type, String id, long version) {
        client.deleteItem(
                b -> b.tableName(tables.eventsTable()).key(EventItems.COMPACT.key(StreamIds.of(type, id), version)));
    }

    void deleteRow(String type, String id) {
        client.deleteItem(b -> b.tableName(tables.aggregateTable(type)).key(AggregateItems.COMPACT.key(id)));
    }

    /** Sets one top-level attribute of a row ({@code d.field} for a state field). */
    void setRowAttribute(String type, String id, String path, AttributeValue value) {
        String[] parts = path.split("\\.");
        String expression = parts.length == 1 ? "SET #a = :v" : "SET #a.#b = :v";
        Map<String, String> names = parts.length == 1 ? Map.of("#a", parts[0]) : Map.of("#a", parts[0], "#b", parts[1]);
        client.updateItem(b -> b.tableName(tables.aggregateTable(type))
                .key(AggregateItems.COMPACT.key(id))
                .updateExpression(expression)
                .expressionAttributeNames(names)
                .expressionAttributeValues(Map.of(":v", value)));
    }

    Map<String, AttributeValue> row(String type, String id) {
        return client.getItem(b -> b.tableName(tables.aggregateTable(type))
                        .key(AggregateItems.COMPACT.key(id))
                        .consistentRead(true))
                .item();
    }

    @Override
    public void close() {
        new DynamoDbTables(client, tables).deleteTables(List.of("Account", "Note"));
        client.close();
    }
}
