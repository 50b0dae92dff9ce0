/**
 * The DynamoDB adapter: {@link dev.escqrs.dynamodb.DynamoDbEventStore} (events and aggregate rows in one transaction),
 * table provisioning ({@link dev.escqrs.dynamodb.DynamoDbTables}), checkpoints
 * ({@link dev.escqrs.dynamodb.DynamoDbCheckpoints}) and the Guice module. The events table's stream is read in
 * {@link dev.escqrs.dynamodb.feed}; the tables' names and item layouts, which every package uses, are in
 * {@link dev.escqrs.dynamodb.table}. Implementation details live in {@code internal}, exported only to es-dynamodb-lambda, es-dynamodb-kcl and
 * escqrs-cli.
 */
package dev.escqrs.dynamodb;
