package dev.escqrs.inmemory;

import dev.escqrs.core.port.Leases;
import dev.escqrs.testkit.contract.LeasesContract;
import dev.escqrs.testkit.scenario.TestClock;

/** {@link Leases#inMemory()} against the leases contract. */
class InMemoryLeasesTest extends LeasesContract {
    private Leases leases;

    @Override
    protected Leases leases(TestClock clock) {
        if (leases == null) {
            leases = Leases.inMemory(clock);
        }
        return leases;
    }
}
