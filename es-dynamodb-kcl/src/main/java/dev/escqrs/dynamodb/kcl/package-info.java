/**
 * Projections on many machines: {@link dev.escqrs.dynamodb.kcl.KclProjectionWorker} runs a projection under KCL 3 with
 * the DynamoDB Streams Kinesis Adapter (shard leases, failover, checkpoints in a lease table).
 */
package dev.escqrs.dynamodb.kcl;
