/**
 * Readers of the events table's stream on many machines, under KCL 3 with the DynamoDB Streams Kinesis Adapter (shard
 * leases, failover, checkpoints in a lease table): {@link dev.escqrs.dynamodb.kcl.KclProjectionWorker} runs a
 * projection, {@link dev.escqrs.dynamodb.kcl.KclIndexer} the change-feed indexer.
 */
package dev.escqrs.dynamodb.kcl;
