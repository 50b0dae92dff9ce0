/**
 * The DynamoDB adapter: {@link dev.escqrs.dynamodb.DynamoDbEventStore} (events and aggregate rows in one transaction),
 * table provisioning ({@link dev.escqrs.dynamodb.DynamoDbTables}), stream decoding
 * ({@link dev.escqrs.dynamodb.DynamoDbStreamDecoder}, {@link dev.escqrs.dynamodb.LambdaStreamEventDecoder}), the
 * change feed and stream poller, and the Guice module. Implementation details live in {@code internal}.
 */
package dev.escqrs.dynamodb;
