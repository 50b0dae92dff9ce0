package dev.escqrs.dynamodb;

import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.dynamodb.table.TableNames;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a {@link DynamoDbModule} was built with, and the tables it creates at start-up; kept apart from the module,
 * which only binds.
 *
 * @param createTablesFor the aggregate types whose tables are created at start-up; empty: no table is created
 * @param indexFeed       the change feed is the change-feed index, not the Stream
 */
record ModuleSettings(
        TableNames tables,
        DynamoDbClients clients,
        Optional<List<String>> createTablesFor,
        BadRecords badRecords,
        boolean indexFeed) {

    /** Checks that the tables are named before it builds the clients, which may fail for want of a region. */
    static ModuleSettings of(
            TableNames tables,
            DynamoDbClients.Builder clients,
            List<String> createTablesFor,
            BadRecords badRecords,
            boolean indexFeed) {
        Objects.requireNonNull(tables, "tables: call tables(TableNames) on the builder");
        return new ModuleSettings(tables, clients.build(), Optional.ofNullable(createTablesFor), badRecords, indexFeed);
    }

    /** The tables, created first when the module was asked to (the index table too, for an index feed). */
    DynamoDbTables createdTables(DynamoDbClient client) {
        DynamoDbTables dynamoDbTables = new DynamoDbTables(client, tables);
        createTablesFor.ifPresent(dynamoDbTables::createTables);
        if (createTablesFor.isPresent() && indexFeed) {
            dynamoDbTables.createIndexTable();
        }
        return dynamoDbTables;
    }
}
