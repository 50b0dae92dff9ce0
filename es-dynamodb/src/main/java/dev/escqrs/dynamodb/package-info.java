/**
 * The DynamoDB adapter: {@link dev.escqrs.dynamodb.DynamoDbEventStore} (events and aggregate rows in one transaction),
 * table provisioning ({@link dev.escqrs.dynamodb.DynamoDbTables}), checkpoints
 * ({@link dev.escqrs.dynamodb.DynamoDbCheckpoints}) and the Guice module. The events table's stream is read in
 * {@link dev.escqrs.dynamodb.feed}; the tables' names and item layouts, which every package uses, are in
 * {@link dev.escqrs.dynamodb.table}. Implementation details live in {@code internal}, which the module does not export.
 */
package dev.escqrs.dynamodb;
