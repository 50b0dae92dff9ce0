/**
 * The store contract ({@link dev.escqrs.testkit.contract.EventStoreContract}), the small aggregate it runs on, and
 * {@link dev.escqrs.testkit.contract.Eventually} for reads that may lag.
 */
package dev.escqrs.testkit.contract;
