/**
 * Store fixtures: how a test gets a fresh store of an adapter ({@link dev.escqrs.testkit.store.StoreFixture}) without
 * the testkit depending on the adapters.
 */
package dev.escqrs.testkit.store;
