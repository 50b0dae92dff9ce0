package dev.escqrs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escqrs.cli.RestoredTables.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's commands on moto, run in-process with their output captured. */
class EscqrsCliTest {
    private static final Pattern FINDING = Pattern.compile("^(\\S+) (\\S+) row=(\\S+) events=(\\S+) (\\S+): .*$");

    private RestoredTables tables;

    @BeforeEach
    void tables() {
        tables = new RestoredTables();
    }

    @AfterEach
    void dropTables() {
        tables.close();
    }

    /** The findings of a verify or repair listing, as {@code TYPE ID row=R events=E KIND}. */
    private static Set<String> findings(List<String> lines) {
        Set<String> found = new java.util.TreeSet<>();
        for (String line : lines) {
            Matcher m = FINDING.matcher(line.replaceFirst("^(cannot repair|would repair): ", ""));
            if (m.matches()) {
                found.add("%s %s row=%s events=%s %s".formatted(m.group(1), m.group(2), m.group(3), m.group(4),
                        m.group(5)));
            }
        }
        return found;
    }

    /**
     * A table "restored" with aggregates out of step, each planted with the SDK, beside healthy ones. Returns the
     * ids by what was planted.
     */
    private record Planted(String behind, String stateDiffers, String rowMissing, String lastEventDiffers,
                           String ahead, String noEvents, String gap, String noteBehind) {
        Set<String> repairable() {
            return Set.of("Account " + behind + " row=2 events=3 row-behind",
                    "Account " + stateDiffers + " row=2 events=2 state-differs",
                    "Account " + rowMissing + " row=- events=1 row-missing",
                    "Account " + lastEventDiffers + " row=1 events=1 last-event-differs");
        }

        Set<String> unrepairable() {
            return Set.of("Account " + ahead + " row=3 events=2 row-ahead",
                    "Account " + noEvents + " row=1 events=- no-events",
                    "Account " + gap + " row=2 events=4 events-gap",
                    "Note " + noteBehind + " row=1 events=2 row-behind");
        }

        Set<String> all() {
            Set<String> all = new java.util.TreeSet<>(repairable());
            all.addAll(unrepairable());
            return all;
        }
    }

    private Planted plant(boolean withUnrepairable) {
        tables.account("healthy", 5, 7);
        tables.account("quiet");
        tables.note("fine");
                String behind = tables.account("behind", 10);
        tables.plantEvent("Account", behind, 3, new Accounts.Deposited(5));
        String stateDiffers = tables.account("state", 10);
        tables.setRowAttribute("Account", stateDiffers, "d.balance", AttributeValue.fromN("999"));
        String rowMissing = tables.account("missing");
        tables.deleteRow("Account", rowMissing);
        String lastEventDiffers = tables.account("last");
        tables.setRowAttribute("Account", lastEventDiffers, "e", AttributeValue.fromS("01KAAAAAAAAAAAAAAAAAAAAAAA"));
        if (!withUnrepairable) {
            return new Planted(behind, stateDiffers, rowMissing, lastEventDiffers, null, null, null, null);
        }
        String ahead = tables.account("ahead", 1, 2);
        tables.deleteEvent("Account", ahead, 3);
        String noEvents = tables.account("orphan");
        tables.deleteEvent("Account", noEvents, 1);
        String gap = tables.account("gap", 1);
        tables.plantEvent("Account", gap, 4, new Accounts.Deposited(4));
        String noteBehind = tables.note("draft");
        tables.plantEvent("Note", noteBehind, 2, new Accounts.Written("final"));
        return new Planted(behind, stateDiffers, rowMissing, lastEventDiffers, ahead, noEvents, gap, noteBehind);
    }

    @Nested
    class Verify {
        @Test
        void lists_every_planted_disagreement_and_nothing_else() {
            Planted planted = plant(true);

            Run run = tables.cli("verify", "--segments", "3");

            assertThat(run.code()).as(run.err()).isEqualTo(3);
            assertThat(findings(run.lines())).as(run.out()).isEqualTo(planted.all());
            assertThat(run.out()).contains("verified 11 aggregates of 2 types [Account, Note]")
                    .contains("8 disagree: 4 can be rewritten from their events ('repair'), 4 need an operator")
                    .contains("the row differs from the fold of its events in d.balance")
                    .contains("the row lacks event 3").contains("event 3 is not in the events table");
        }

        @Test
        void is_clean_on_tables_written_only_by_escqrs() {
            tables.account("alice", 1, 2, 3);
            tables.note("hello");

            Run run = tables.cli("verify");

            assertThat(run.code()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("verified 2 aggregates of 2 types").contains("every row equals its events");
        }

        @Test
        void lists_events_whose_aggregate_table_does_not_exist() {
            tables.account("alice");
            tables.plantEvent("Ghost", "g1", 1, new Accounts.Opened("nobody"));

            Run run = tables.cli("verify");

            assertThat(run.code()).isEqualTo(3);
            assertThat(findings(run.lines())).containsExactly("Ghost g1 row=- events=1 row-missing");
            assertThat(run.out()).contains("1 event and no row: the table " + tables.prefix + "Ghost does not exist");
        }

        @Test
        void names_a_missing_events_table() {
            Run run = RestoredTables.run(RestoredTables.CLI, "verify", "--endpoint",
                    tables.server.endpoint().toString(), "--emulator", "--table-prefix", "no-such-");

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).contains("table no-such-events does not exist");
        }
    }

    @Nested
    class Repair {
        @Test
        void dry_run_lists_and_writes_nothing() {
            Planted planted = plant(true);

            Run dry = tables.cli("repair", "--dry-run");

            assertThat(dry.code()).isEqualTo(3);
            assertThat(dry.lines()).filteredOn(l -> l.startsWith("would repair: ")).hasSize(4);
            assertThat(dry.out()).contains("dry run, nothing written");
            assertThat(findings(tables.cli("verify").lines())).isEqualTo(planted.all());
        }

        @Test
        void rewrites_what_the_events_can_fix_and_says_what_they_cannot() {
            Planted planted = plant(true);

            Run repair = tables.cli("repair");

            assertThat(repair.code()).as(repair.out() + repair.err()).isEqualTo(3);
            assertThat(repair.lines()).filteredOn(l -> l.startsWith("repaired: ")).hasSize(4)
                    .anySatisfy(l -> assertThat(l).contains("Account " + planted.behind()
                            + " row rewritten at version 3 from its events (was row-behind)"));
            assertThat(findings(repair.lines().stream().filter(l -> l.startsWith("cannot repair: ")).toList()))
                    .isEqualTo(planted.unrepairable());
            assertThat(repair.out()).contains("no decider for Note is registered in this CLI")
                    .contains("8 of 11 aggregates disagreed: 4 rewritten from their events, 4 left");

            assertThat(findings(tables.cli("verify").lines())).isEqualTo(planted.unrepairable());
            assertThat(tables.row("Account", planted.behind()).get("d").m().get("balance").n()).isEqualTo("15");
            assertThat(tables.row("Account", planted.stateDiffers()).get("d").m().get("balance").n()).isEqualTo("10");
            assertThat(tables.row("Account", planted.rowMissing()).get("v").n()).isEqualTo("1");
            var fresh = dev.escqrs.core.command.CommandHandler.builder(Accounts.ACCOUNT, Accounts.DECIDER)
                    .store(tables.store, tables.store).build();
            assertThat(fresh.update(planted.behind(), "ops", new Accounts.Deposit(1), 3).aggregate().version())
                    .isEqualTo(4);
        }

        @Test
        void fixes_every_repairable_row_then_verify_is_clean_and_a_second_repair_does_nothing() {
            Planted planted = plant(false);
            assertThat(findings(tables.cli("verify").lines())).isEqualTo(planted.repairable());

            Run repair = tables.cli("repair");

            assertThat(repair.code()).as(repair.out() + repair.err()).isZero();
            assertThat(repair.lines()).filteredOn(l -> l.startsWith("repaired: ")).hasSize(4);
            Run verify = tables.cli("verify");
            assertThat(verify.code()).as(verify.out()).isZero();
            assertThat(verify.out()).contains("every row equals its events");
            Run again = tables.cli("repair");
            assertThat(again.code()).isZero();
            assertThat(again.lines()).noneMatch(l -> l.startsWith("repaired: "));
            assertThat(again.out()).contains("0 of 7 aggregates disagreed: 0 rewritten from their events, 0 left");
        }
    }

    @Nested
    class Checkpoint {
        @Test
        void get_set_and_reset_a_consumer_checkpoint() {
            Run none = tables.cli("checkpoint", "get", "published-posts");
            assertThat(none.code()).isEqualTo(3);
            assertThat(none.err()).contains("published-posts: no checkpoint");

            Run set = tables.cli("checkpoint", "set", "published-posts", "{\"arn\":\"x\",\"shards\":{}}");
            assertThat(set.code()).as(set.err()).isZero();
            assertThat(set.out()).contains("published-posts: checkpoint set (was (none))");
            Run get = tables.cli("checkpoint", "get", "published-posts");
            assertThat(get.code()).isZero();
            assertThat(get.out().strip()).isEqualTo("{\"arn\":\"x\",\"shards\":{}}");

            Run reset = tables.cli("checkpoint", "reset", "published-posts");
            assertThat(reset.code()).isZero();
            assertThat(reset.out()).contains("checkpoint deleted (was {\"arn\":\"x\",\"shards\":{}})")
                    .contains("the next start rebuilds from the store");
            assertThat(tables.cli("checkpoint", "get", "published-posts").code()).isEqualTo(3);
        }
    }

    @Nested
    class Events {
        @Test
        void prints_the_events_in_version_order_as_json_lines() throws Exception {
            String id = tables.account("alice", 5, 7);

            Run run = tables.cli("events", "Account", id);

            assertThat(run.code()).as(run.err()).isZero();
            ObjectMapper json = new ObjectMapper();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : run.lines()) {
                lines.add(json.readTree(line));
            }
            assertThat(lines).extracting(l -> l.get("aggregateVersion").asLong()).containsExactly(1L, 2L, 3L);
            assertThat(lines).extracting(l -> l.get("eventName").asText())
                    .containsExactly("Opened", "Deposited", "Deposited");
            assertThat(lines.get(0).get("payload").get("owner").asText()).isEqualTo("alice");
            assertThat(lines.get(2).get("payload").get("amount").asLong()).isEqualTo(7);
            assertThat(lines.get(0).get("aggregateName").asText()).isEqualTo("Account");
            assertThat(lines.get(0).get("aggregateId").asText()).isEqualTo(id);
            assertThat(lines.get(0).get("actorId").asText()).isEqualTo("ops");
            assertThat(lines.get(0).has("eventId")).isTrue();
            assertThat(lines.get(0).has("occurredAt")).isTrue();
        }

        @Test
        void says_when_the_aggregate_has_none() {
            Run run = tables.cli("events", "Account", "nobody");

            assertThat(run.code()).isEqualTo(3);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("Account nobody: no event in " + tables.tables.eventsTable());
        }
    }

    @Nested
    class CommandLine {
        @Test
        void refuses_a_command_without_table_prefix_when_the_application_set_none() {
            Run run = RestoredTables.run(RestoredTables.CLI, "verify", "--endpoint", "http://127.0.0.1:1");

            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).contains("Missing required option: '--table-prefix=PREFIX'");
        }

        @Test
        void refuses_emulator_without_endpoint() {
            Run run = RestoredTables.run(RestoredTables.CLI, "checkpoint", "get", "x", "--emulator",
                    "--table-prefix", "p-");

            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).contains("--emulator needs the emulator's --endpoint URL");
        }

        @Test
        void help_lists_every_command_and_the_connection_options() {
            Run root = RestoredTables.run(RestoredTables.CLI, "--help");
            Run verify = RestoredTables.run(RestoredTables.CLI, "verify", "--help");

            assertThat(root.code()).isZero();
            assertThat(root.out()).contains("checkpoint", "events", "verify", "repair");
            assertThat(verify.out()).contains("--region", "--table-prefix", "--endpoint", "--emulator", "--layout",
                    "--segments");
        }
    }
}
