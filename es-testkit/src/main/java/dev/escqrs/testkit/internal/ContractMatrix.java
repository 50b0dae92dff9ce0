package dev.escqrs.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.escqrs.testkit.contract.Eventually;
import dev.escqrs.testkit.internal.LyingStore.Lie;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs contract suites against {@link LyingStore}s through the JUnit launcher and checks that each suite notices the
 * lies it covers: the matrix of es-inmemory's ContractsCanFailTest and es-dynamodb's DynamoDbContractsCanFailTest.
 * Needs {@code junit-platform-launcher} on the test class path (an optional dependency of the testkit). Not part of
 * the testkit's API.
 */
public final class ContractMatrix {
    private ContractMatrix() {}

    /** Results of one suite on one lie: the tests that failed and those that passed. */
    public record Result(Set<String> failed, Set<String> passed, List<String> skipped, java.time.Duration took) {}

    /**
     * Each suite once per lie, {@code arrange} told the lie before (it points the suites at a lying store); results by
     * {@link #key}. A lying store never delivers what a contract awaits, so waits are cut to 1.5 s meanwhile.
     */
    public static Map<String, Result> run(Iterable<Class<?>> suites, Consumer<Lie> arrange) {
        return run(suites, Set.of(Lie.values()), arrange);
    }

    /** As {@link #run(Iterable, Consumer)}, on {@code lies} only. */
    public static Map<String, Result> run(Iterable<Class<?>> suites, Set<Lie> lies, Consumer<Lie> arrange) {
        Map<String, Result> results = new LinkedHashMap<>();
        String before = System.getProperty(Eventually.MAX_WAIT_PROPERTY);
        System.setProperty(Eventually.MAX_WAIT_PROPERTY, "1500");
        try {
            Launcher launcher = LauncherFactory.create();
            for (Class<?> suite : suites) {
                for (Lie lie : Lie.values()) {
                    if (!lies.contains(lie)) {
                        continue;
                    }
                    arrange.accept(lie);
                    long start = System.nanoTime();
                    Result result = run(launcher, suite);
                    results.put(
                            key(suite, lie),
                            new Result(
                                    result.failed(),
                                    result.passed(),
                                    result.skipped(),
                                    java.time.Duration.ofNanos(System.nanoTime() - start)));
                }
            }
        } finally {
            if (before == null) {
                System.clearProperty(Eventually.MAX_WAIT_PROPERTY);
            } else {
                System.setProperty(Eventually.MAX_WAIT_PROPERTY, before);
            }
        }
        return results;
    }

    public static String key(Class<?> suite, Lie lie) {
        return suite.getSimpleName() + " on " + lie;
    }

    /** Prints the matrix: tests failed of tests run, per suite and lie. */
    public static void print(String title, Map<String, Result> results) {
        System.out.println(title + ": contract suite x lie: tests failed / tests run");
        results.forEach((key, r) -> System.out.printf(
                "  %-40s %d / %d (%.1f s)%n",
                key,
                r.failed().size(),
                r.failed().size() + r.passed().size(),
                r.took().toMillis() / 1000.0));
    }

    /** Every suite ran tests on every lie it was run on, skipped none, and failed against each lie it must notice. */
    public static void assertEverySuiteNotices(Map<Class<?>, Set<Lie>> mustNotice, Map<String, Result> results) {
        mustNotice.forEach((suite, lies) -> {
            for (Lie lie : Lie.values()) {
                Result result = results.get(key(suite, lie));
                if (result == null) {
                    assertThat(lies)
                            .as("%s was not run, yet must notice it", key(suite, lie))
                            .doesNotContain(lie);
                    continue;
                }
                assertThat(result.skipped())
                        .as("%s: nothing skipped", key(suite, lie))
                        .isEmpty();
                assertThat(result.failed().size() + result.passed().size())
                        .as("%s ran tests", key(suite, lie))
                        .isPositive();
                if (lies.contains(lie)) {
                    assertThat(result.failed())
                            .as("%s must fail", key(suite, lie))
                            .isNotEmpty();
                }
            }
        });
    }

    /** Every contract test failed against some lie, but those {@code excused} (by name, with the reason no lie can). */
    public static void assertEveryTestFailsSomewhere(Map<String, Result> results, Map<String, String> excused) {
        Map<String, Boolean> everFailed = new LinkedHashMap<>();
        results.forEach((key, result) -> {
            String suite = key.substring(0, key.indexOf(' '));
            result.passed().forEach(test -> everFailed.putIfAbsent(suite + " " + test, false));
            result.failed().forEach(test -> everFailed.put(suite + " " + test, true));
        });
        List<String> neverFailed = everFailed.entrySet().stream()
                .filter(e -> !e.getValue())
                .map(Map.Entry::getKey)
                .map(test -> test.replaceAll(" \\[.*", ""))
                .filter(test -> !excused.containsKey(test))
                .toList();
        assertThat(neverFailed)
                .as("contract tests that passed against every lying store")
                .isEmpty();
        assertThat(everFailed.keySet().stream().map(test -> test.replaceAll(" \\[.*", "")))
                .as("the tests excused exist")
                .containsAll(excused.keySet());
    }

    private static Result run(Launcher launcher, Class<?> suite) {
        Set<String> failed = new LinkedHashSet<>();
        Set<String> passed = new LinkedHashSet<>();
        List<String> skipped = new ArrayList<>();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(suite))
                .build();
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
                String name =
                        test.getLegacyReportingName() + " " + test.getUniqueId().replaceAll(".*\\[method:", "[");
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    passed.add(name);
                } else if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                    skipped.add(name + ": aborted");
                } else {
                    failed.add(name);
                }
            }
        });
        return new Result(failed, passed, skipped, java.time.Duration.ZERO);
    }
}
