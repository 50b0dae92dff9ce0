package dev.escqrs.inmemory;

import dev.escqrs.inmemory.LyingStore.Lie;
import dev.escqrs.testkit.contract.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

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

    /** Results of one suite on one lie: the tests that failed and those that passed. */
    record Result(Set<String> failed, Set<String> passed, List<String> skipped) {
    }

    private static final Map<String, Result> RESULTS = new LinkedHashMap<>();

    @BeforeAll
    static void runEverySuiteOnEveryLie() {
        String before = System.getProperty(Eventually.MAX_WAIT_PROPERTY);
        System.setProperty(Eventually.MAX_WAIT_PROPERTY, "1500"); // a lying store never delivers what is awaited
        try {
            Launcher launcher = LauncherFactory.create();
            for (Class<?> suite : MUST_NOTICE.keySet()) {
                for (Lie lie : Lie.values()) {
                    LyingStoreSuites.current = LyingStore.fixture(lie);
                    LyingStoreSuites.lie = lie;
                    RESULTS.put(key(suite, lie), run(launcher, suite));
                }
            }
        } finally {
            if (before == null) {
                System.clearProperty(Eventually.MAX_WAIT_PROPERTY);
            } else {
                System.setProperty(Eventually.MAX_WAIT_PROPERTY, before);
            }
        }
    }

    @AfterAll
    static void printTheMatrix() {
        System.out.println("contract suite x lie: tests failed / tests run");
        RESULTS.forEach((key, r) -> System.out.printf("  %-40s %d / %d%n", key, r.failed().size(),
                r.failed().size() + r.passed().size()));
    }

    private static String key(Class<?> suite, Lie lie) {
        return suite.getSimpleName() + " on " + lie;
    }

    private static Result run(Launcher launcher, Class<?> suite) {
        Set<String> failed = new LinkedHashSet<>();
        Set<String> passed = new LinkedHashSet<>();
        List<String> skipped = new ArrayList<>();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(suite)).build();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                skipped.add(test.getDisplayName() + ": " + reason);
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (!test.isTest()) {
                    if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                        failed.add(test.getUniqueId()); // a container that failed (its setup) fails its tests
                    }
                    return;
                }
                String name = test.getLegacyReportingName() + " " + test.getUniqueId().replaceAll(".*\\[method:", "[");
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    passed.add(name);
                } else if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                    skipped.add(name + ": aborted");
                } else {
                    failed.add(name);
                }
            }
        });
        return new Result(failed, passed, skipped);
    }

    @Test
    void every_suite_fails_against_each_lie_it_covers_and_skips_nothing() {
        MUST_NOTICE.forEach((suite, lies) -> {
            for (Lie lie : Lie.values()) {
                Result result = RESULTS.get(key(suite, lie));
                assertThat(result.skipped()).as("%s: nothing skipped", key(suite, lie)).isEmpty();
                assertThat(result.failed().size() + result.passed().size()).as("%s ran tests", key(suite, lie)).isPositive();
                if (lies.contains(lie)) {
                    assertThat(result.failed()).as("%s must fail", key(suite, lie)).isNotEmpty();
                }
            }
        });
    }

    @Test
    void every_contract_test_fails_against_some_lie() {
        Map<String, Boolean> everFailed = new LinkedHashMap<>();
        RESULTS.forEach((key, result) -> {
            String suite = key.substring(0, key.indexOf(' '));
            result.passed().forEach(test -> everFailed.putIfAbsent(suite + " " + test, false));
            result.failed().forEach(test -> everFailed.put(suite + " " + test, true));
        });
        List<String> neverFailed = everFailed.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey)
                .map(test -> test.replaceAll(" \\[.*", "")).filter(test -> !NO_LIE_REACHES.containsKey(test)).toList();
        assertThat(neverFailed).as("contract tests that passed against every lying store").isEmpty();
        assertThat(everFailed.keySet().stream().map(test -> test.replaceAll(" \\[.*", "")))
                .as("the tests excused above exist").containsAll(NO_LIE_REACHES.keySet());
    }
}
