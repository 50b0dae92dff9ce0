/**
 * The events table's stream: {@link dev.escqrs.dynamodb.stream.DynamoDbChangeFeed} (the {@code ChangeFeed} port, read
 * with the SDK), and decoders from stream records back to events, one per form the records arrive in:
 * {@link dev.escqrs.dynamodb.stream.SdkRecordsDecoder} (the SDK's {@code GetRecords} records) and
 * {@link dev.escqrs.dynamodb.stream.LambdaJsonEventDecoder} (the JSON a Lambda receives, with Jackson alone);
 * es-dynamodb-lambda adds {@code LambdaTypedEventDecoder} (aws-lambda-java-events' {@code DynamodbEvent}).
 */
package dev.escqrs.dynamodb.stream;
