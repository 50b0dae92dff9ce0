/**
 * The events table's change feed, DynamoDB Streams on AWS: {@link dev.escqrs.dynamodb.feed.DynamoDbChangeFeed} (the {@code ChangeFeed} port, read
 * with the SDK), and decoders from change records back to events, one per form the records arrive in:
 * {@link dev.escqrs.dynamodb.feed.SdkRecordsDecoder} (the SDK's {@code GetRecords} records) and
 * {@link dev.escqrs.dynamodb.feed.LambdaJsonEventDecoder} (the JSON a Lambda receives, with Jackson alone);
 * es-dynamodb-lambda adds {@code LambdaTypedEventDecoder} (aws-lambda-java-events' {@code DynamodbEvent}). Beside the
 * stream, the change-feed index: {@link dev.escqrs.dynamodb.feed.DynamoDbIndexer} writes it,
 * {@link dev.escqrs.dynamodb.feed.DynamoDbIndexFeed} reads it as a {@code ChangeFeed}.
 */
package dev.escqrs.dynamodb.feed;
