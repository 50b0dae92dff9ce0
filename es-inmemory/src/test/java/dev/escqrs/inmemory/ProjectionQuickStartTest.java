package dev.escqrs.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.core.projection.Projection;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.testkit.contract.Eventually;
import dev.escqrs.testkit.internal.Account;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The snippet of docs/projections.md, as it is there: a balance per account, built from the store, then followed. */
class ProjectionQuickStartTest {
    /** The read model: a balance per account, and the version of the last event applied to it. */
    static final class Balances implements Projection {
        record Row(long balance, long version) {}

        final Map<String, Row> rows = new ConcurrentHashMap<>();

        @Override
        public long appliedVersion(String aggregateName, String accountId) {
            Row row = rows.get(accountId);
            return row == null ? 0 : row.version();
        }

        @Override
        public void apply(AggregateEvent<?> event) {
            long balance = rows.getOrDefault(event.aggregateId(), new Row(0, 0)).balance();
            if (event.payload() instanceof Account.Deposited deposited) {
                balance += deposited.amount();
            }
            rows.put(event.aggregateId(), new Row(balance, event.aggregateVersion())); // effect and version together
        }

        @Override
        public void reset() {
            rows.clear();
        }
    }

    @Test
    void the_documented_snippet_builds_and_follows_a_read_model() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore(JsonCodec.create(Account.TYPES));
        Account.openAndDeposit(store, store, Account.ACCOUNT, EventIds.system(), "acc-1", 3);

        Balances balances = new Balances();
        ProjectionSpec spec = ProjectionSpec.builder("balances", balances)
                .aggregates(Account.ACCOUNT)
                .store(store) // the backfill and the gap filling read here
                .build();
        ProjectionRunner runner = ProjectionRunner.builder(spec)
                .feed(store) // then the change feed, from the position captured before
                .pollInterval(Duration.ofMillis(50))
                .build();
        try (ProjectionRunner.Running running = runner.start()) {
            running.awaitTailing(Duration.ofSeconds(30));
            Account.openAndDeposit(store, store, Account.ACCOUNT, EventIds.system(), "acc-1", 2);
            Eventually.await(
                    "the balance to follow", () -> balances.rows.get("acc-1").version() == 6);
        }

        assertThat(balances.rows.get("acc-1")).isEqualTo(new Balances.Row(1 + 2 + 3 + 1 + 2, 6));
    }
}
