package dev.escqrs.inmemory;

import dev.escqrs.testkit.internal.ContractMatrix;
import dev.escqrs.testkit.internal.LyingStore;
import dev.escqrs.testkit.internal.LyingStore.Lie;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proof that no contract passes vacuously, as Occurrent's tck proves its suites: every contract suite runs against
 * stores that lie ({@link LyingStore}: one that does nothing, one that drops a write, one that reorders, one that
 * reads stale) and must fail against each lie that breaks a promise it covers, with no test skipped. Every contract
 * test must also fail against at least one lie, unless it is listed below with the reason no lie here can break it.
 * The matrix of failures is printed (and quoted in docs/reliability.md).
 */
class ContractsCanFailTest {
    /** What each suite promises to notice. */
    private static final Map<Class<?>, Set<Lie>> MUST_NOTICE = new LinkedHashMap<>();

    static {
        MUST_NOTICE.put(LyingStoreSuites.Appends.class, Set.of(Lie.DOES_NOTHING, Lie.DROPS_A_WRITE, Lie.STALE_READS));
        MUST_NOTICE.put(LyingStoreSuites.Reads.class, Set.of(Lie.DOES_NOTHING, Lie.DROPS_A_WRITE, Lie.REORDERS));
        MUST_NOTICE.put(LyingStoreSuites.ByName.class, Set.of(Lie.DOES_NOTHING, Lie.DROPS_A_WRITE, Lie.REORDERS));
        MUST_NOTICE.put(LyingStoreSuites.Feed.class, Set.of(Lie.DOES_NOTHING, Lie.DROPS_A_WRITE, Lie.REORDERS));
        MUST_NOTICE.put(LyingStoreSuites.Parity.class, Set.of(Lie.DOES_NOTHING, Lie.DROPS_A_WRITE, Lie.STALE_READS));
        MUST_NOTICE.put(LyingStoreSuites.Rows.class, Set.of(Lie.DOES_NOTHING, Lie.DROPS_A_WRITE));
        MUST_NOTICE.put(LyingStoreSuites.Projections.class, Set.of(Lie.DOES_NOTHING, Lie.DROPS_A_WRITE, Lie.REORDERS));
        MUST_NOTICE.put(LyingStoreSuites.Idempotency.class, Set.of(Lie.DOES_NOTHING, Lie.DROPS_A_WRITE));
        MUST_NOTICE.put(LyingStoreSuites.Reactions.class, Set.of(Lie.DOES_NOTHING, Lie.DROPS_A_WRITE));
    }

    /**
     * Contract tests no lying store can fail, and why: they check what the kernel refuses before any store is asked,
     * so a store's lies cannot reach them (the same tests fail when the kernel's checks are removed).
     */
    private static final Map<String, String> NO_LIE_REACHES = Map.of(
            "Rows a_create_that_decides_nothing_is_refused_everywhere_and_writes_nothing()",
            "the command handler refuses a create that decides nothing; the store is never called",
            "Parity an_id_that_is_not_valid_unicode()",
            "ids are checked by the kernel (Identifiers) before the store is called",
            "Rows repairing_an_aggregate_that_does_not_exist_is_not_found()",
            "a store with no events for the id is the case under test; every lie here still has none",
            "Reads an_unknown_aggregate_has_no_events_and_no_state()",
            "absence on an empty store: none of these lies invents data (a store that did would fail it)",
            "Reactions a_reactor_cannot_be_reset_since_that_would_send_every_command_again()",
            "the reactor refuses a reset itself; the store is never called");

    private static Map<String, ContractMatrix.Result> results;

    @BeforeAll
    static void runEverySuiteOnEveryLie() {
        StoreFixture memory = StoreFixture.of("memory", codec -> Stores.of(new InMemoryEventStore(codec)));
        results = ContractMatrix.run(MUST_NOTICE.keySet(), lie -> {
            LyingStoreSuites.current = LyingStore.fixture(lie, memory);
            LyingStoreSuites.lie = lie;
        });
    }

    @AfterAll
    static void printTheMatrix() {
        ContractMatrix.print("in memory", results);
    }

    @Test
    void every_suite_fails_against_each_lie_it_covers_and_skips_nothing() {
        ContractMatrix.assertEverySuiteNotices(MUST_NOTICE, results);
    }

    @Test
    void every_contract_test_fails_against_some_lie() {
        ContractMatrix.assertEveryTestFailsSomewhere(results, NO_LIE_REACHES);
    }
}
