/**
 * {@link dev.escqrs.testkit.dynamodb.DynamoDbTestServer}: the DynamoDB wire-protocol server (moto) the DynamoDB tests
 * run against, with clients and per-class table prefixes.
 */
package dev.escqrs.testkit.dynamodb;
