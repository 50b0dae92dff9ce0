/**
 * The store contracts, one per capability of the ports ({@link dev.escqrs.testkit.contract.AppendContract},
 * {@link dev.escqrs.testkit.contract.ReadEventsContract}, {@link dev.escqrs.testkit.contract.EventsByNameContract},
 * {@link dev.escqrs.testkit.contract.ChangeFeedContract}), the parity and projection contracts, the small aggregates
 * they run on, and {@link dev.escqrs.testkit.contract.Eventually} for reads that may lag. A contract's
 * {@code @Nested} group may keep its tests in a package-private class of this package named for the contract and the
 * group ({@code ParkingOperator} holds those of {@code ParkingContract.An_operator}), which extends the class that
 * holds what the contract's groups share ({@code ParkingGroup}; {@code StoreGroup} for a
 * {@link dev.escqrs.testkit.contract.StoreContract}).
 */
package dev.escqrs.testkit.contract;
