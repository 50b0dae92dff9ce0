/**
 * Testing with escqrs: given/when/then scenarios, the store contracts, the race checker, projections to assert on. No
 * AWS. The small domains the contracts run on ({@code dev.escqrs.testkit.internal}) are not exported.
 */
module dev.escqrs.testkit {
    requires transitive dev.escqrs.core;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    // ContractMatrix (internal) only, for escqrs's own contracts-can-fail tests
    requires static org.junit.platform.launcher;
    // CommandHistoryChains (internal) only, for escqrs's own property tests
    requires static net.jqwik.api;

    exports dev.escqrs.testkit.contract;
    exports dev.escqrs.testkit.projection;
    exports dev.escqrs.testkit.race;
    exports dev.escqrs.testkit.reaction;
    exports dev.escqrs.testkit.scenario;
    exports dev.escqrs.testkit.store;
}
