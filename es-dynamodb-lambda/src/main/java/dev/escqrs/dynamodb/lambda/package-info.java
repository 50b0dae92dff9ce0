/**
 * Lambda consumers of the events table's stream: {@link dev.escqrs.dynamodb.lambda.ProjectionStreamHandler} applies a
 * batch to a projection and reports partial batch failures, so that one failing record neither stops the shard nor
 * makes Lambda apply the records before it again.
 */
package dev.escqrs.dynamodb.lambda;
