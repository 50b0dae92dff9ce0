/**
 * The store contracts, one per capability of the ports ({@link dev.escqrs.testkit.contract.AppendContract},
 * {@link dev.escqrs.testkit.contract.ReadEventsContract}, {@link dev.escqrs.testkit.contract.EventsByNameContract},
 * {@link dev.escqrs.testkit.contract.ChangeFeedContract}), the parity and projection contracts, the small aggregates
 * they run on, and {@link dev.escqrs.testkit.contract.Eventually} for reads that may lag.
 */
package dev.escqrs.testkit.contract;
