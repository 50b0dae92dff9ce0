package dev.escqrs.dynamodb;

import dev.escqrs.testkit.contract.AppendContract;
import dev.escqrs.testkit.contract.StoreRowsContract;
import dev.escqrs.testkit.internal.Account;
import dev.escqrs.testkit.internal.ContractMatrix;
import dev.escqrs.testkit.internal.LyingStore;
import dev.escqrs.testkit.internal.LyingStore.Lie;
import dev.escqrs.testkit.store.StoreFixture;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lying-store matrix on DynamoDB: the contract suites of what the storage modes write and read differently
 * (appends and the state that goes with them: rows, or the state on the newest event) run against the DynamoDB store wrapped in each
 * {@link LyingStore} that loses writes, in the storage mode of this run ({@link DynamoDbFixture#STORAGE}: the build
 * runs it in both), and must fail against each. es-inmemory's ContractsCanFailTest runs every suite, and proves every contract
 * test fails against some lie.
 */
class DynamoDbContractsCanFailTest {
    private static final Map<Class<?>, Set<Lie>> MUST_NOTICE = new LinkedHashMap<>();

    static {
        MUST_NOTICE.put(Appends.class, Set.of(Lie.DOES_NOTHING, Lie.DROPS_A_WRITE));
        MUST_NOTICE.put(Rows.class, Set.of(Lie.DOES_NOTHING, Lie.DROPS_A_WRITE));
    }

    /**
     * The lies of the write side, which a storage mode could hide (a write that is not there). The lies of the read
     * side (reordered or stale reads) are the wrapper's own, whatever the store below; the in-memory matrix covers them
     * (on moto they cost a minute and a half per mode in retries and waits).
     */
    private static final Set<Lie> WRITE_LIES = Set.of(Lie.DOES_NOTHING, Lie.DROPS_A_WRITE);

    /** The store the next launch runs on. */
    static volatile StoreFixture current;

    private static Map<String, ContractMatrix.Result> results;

    @BeforeAll
    static void runEverySuiteOnEveryLie() {
        StoreFixture dynamoDb = DynamoDbFixture.fixture(
                DynamoDbContractsCanFailTest.class,
                java.util.stream.Stream.concat(
                                Account.AGGREGATE_NAMES.stream(), StoreRowsContract.AGGREGATE_NAMES.stream())
                        .toList());
        results = ContractMatrix.run(
                MUST_NOTICE.keySet(), WRITE_LIES, lie -> current = LyingStore.fixture(lie, dynamoDb));
    }

    @AfterAll
    static void printTheMatrix() {
        ContractMatrix.print("DynamoDB, " + DynamoDbFixture.STORAGE, results);
    }

    @Test
    void every_suite_fails_against_each_lie_it_covers_and_skips_nothing() {
        ContractMatrix.assertEverySuiteNotices(MUST_NOTICE, results);
    }

    // run only by the matrix above, through the launcher (nested classes: the build's test patterns skip them)

    static final class Appends extends AppendContract {
        @Override
        protected StoreFixture fixture() {
            return current;
        }
    }

    static final class Rows extends StoreRowsContract {
        @Override
        protected StoreFixture fixture() {
            return current;
        }
    }
}
