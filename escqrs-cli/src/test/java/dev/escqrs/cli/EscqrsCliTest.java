package dev.escqrs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escqrs.cli.RestoredTables.Run;
import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.dynamodb.DynamoDbCheckpoints;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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
                found.add("%s %s row=%s events=%s %s"
                        .formatted(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)));
            }
        }
        return found;
    }

    /**
     * A table "restored" with aggregates out of step, each planted with the SDK, beside healthy ones. Returns the
     * ids by what was planted.
     */
    private record Planted(
            String behind,
            String stateDiffers,
            String rowMissing,
            String lastEventDiffers,
            String ahead,
            String noEvents,
            String gap,
            String noteBehind) {
        Set<String> repairable() {
            return Set.of(
                    "Account " + behind + " row=2 events=3 row-behind",
                    "Account " + stateDiffers + " row=2 events=2 state-differs",
                    "Account " + rowMissing + " row=- events=1 row-missing",
                    "Account " + lastEventDiffers + " row=1 events=1 last-event-differs");
        }

        Set<String> unrepairable() {
            return Set.of(
                    "Account " + ahead + " row=3 events=2 row-ahead",
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
            assertThat(run.out())
                    .contains("verified 11 aggregates of 2 types [Account, Note]")
                    .contains("8 disagree: 4 can be rewritten from their events ('repair'), 4 need an operator")
                    .contains("the row differs from the fold of its events in d.balance")
                    .contains("the row lacks event 3")
                    .contains("event 3 is not in the events table");
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
            Run run = RestoredTables.run(
                    RestoredTables.CLI,
                    "verify",
                    "--endpoint",
                    tables.server.endpoint().toString(),
                    "--emulator",
                    "--table-prefix",
                    "no-such-");

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
            assertThat(dry.lines())
                    .filteredOn(l -> l.startsWith("would repair: "))
                    .hasSize(4);
            assertThat(dry.out()).contains("dry run, nothing written");
            assertThat(findings(tables.cli("verify").lines())).isEqualTo(planted.all());
        }

        @Test
        void rewrites_what_the_events_can_fix_and_says_what_they_cannot() {
            Planted planted = plant(true);

            Run repair = tables.cli("repair");

            assertThat(repair.code()).as(repair.out() + repair.err()).isEqualTo(3);
            assertThat(repair.lines())
                    .filteredOn(l -> l.startsWith("repaired: "))
                    .hasSize(4)
                    .anySatisfy(l -> assertThat(l)
                            .contains("Account " + planted.behind()
                                    + " row rewritten at version 3 from its events (was row-behind)"));
            assertThat(findings(repair.lines().stream()
                            .filter(l -> l.startsWith("cannot repair: "))
                            .toList()))
                    .isEqualTo(planted.unrepairable());
            assertThat(repair.out())
                    .contains("no decider for Note is registered in this CLI")
                    .contains("8 of 11 aggregates disagreed: 4 rewritten from their events, 4 left");

            assertThat(findings(tables.cli("verify").lines())).isEqualTo(planted.unrepairable());
            assertThat(tables.row("Account", planted.behind())
                            .get("d")
                            .m()
                            .get("balance")
                            .n())
                    .isEqualTo("15");
            assertThat(tables.row("Account", planted.stateDiffers())
                            .get("d")
                            .m()
                            .get("balance")
                            .n())
                    .isEqualTo("10");
            assertThat(tables.row("Account", planted.rowMissing()).get("v").n()).isEqualTo("1");
            var fresh = dev.escqrs.core.command.CommandHandler.builder(Accounts.ACCOUNT, Accounts.DECIDER)
                    .store(tables.store, tables.store)
                    .build();
            assertThat(fresh.update(planted.behind(), "ops", new Accounts.Deposit(1), 3)
                            .aggregate()
                            .version())
                    .isEqualTo(4);
        }

        @Test
        void fixes_every_repairable_row_then_verify_is_clean_and_a_second_repair_does_nothing() {
            Planted planted = plant(false);
            assertThat(findings(tables.cli("verify").lines())).isEqualTo(planted.repairable());

            Run repair = tables.cli("repair");

            assertThat(repair.code()).as(repair.out() + repair.err()).isZero();
            assertThat(repair.lines())
                    .filteredOn(l -> l.startsWith("repaired: "))
                    .hasSize(4);
            Run verify = tables.cli("verify");
            assertThat(verify.code()).as(verify.out()).isZero();
            assertThat(verify.out()).contains("every row equals its events");
            Run again = tables.cli("repair");
            assertThat(again.code()).isZero();
            assertThat(again.lines()).noneMatch(l -> l.startsWith("repaired: "));
            assertThat(again.out()).contains("0 of 7 aggregates disagreed: 0 rewritten from their events, 0 left");
        }
    }

    private static final Instant FAILED = Instant.parse("2026-03-01T10:15:30.123Z");

    /** A parked entry as a runner writes one: head {@code version}, two events behind it, three attempts. */
    private static ParkedAggregate parked(
            String runner, String type, String id, long version, Instant firstFailure, Optional<Instant> nextAttempt) {
        return new ParkedAggregate(
                runner,
                type,
                id,
                new ParkedAggregate.ParkedEvent(
                        version,
                        "01KAAAAAAAAAAAAAAAAAAAAAA" + version,
                        "Deposited",
                        "{\"amount\":5,\"memo\":{\"text\":\"rent\"}}"),
                version + 2,
                new ParkedAggregate.Failure(
                        "INTERNAL",
                        "java.lang.IllegalStateException",
                        "balance of " + id + " went negative\nat version " + version),
                3,
                firstFailure,
                firstFailure.plusSeconds(60),
                nextAttempt,
                Optional.empty());
    }

    private ParkedAggregate park(
            String runner, String type, String id, long version, Instant firstFailure, Optional<Instant> nextAttempt) {
        ParkedAggregate entry = parked(runner, type, id, version, firstFailure, nextAttempt);
        tables.parking.save(entry);
        return entry;
    }

    /** The cells of the table line whose first cells are {@code leading} (cells are two or more spaces apart). */
    private static List<String> row(Run run, String... leading) {
        return run.lines().stream()
                .map(l -> List.of(l.split(" {2,}")))
                .filter(cells -> cells.size() >= leading.length
                        && cells.subList(0, leading.length).equals(List.of(leading)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no line starts with " + String.join(" ", leading) + " in:\n" + run.out() + run.err()));
    }

    @Nested
    class Index {
        @Test
        void backfill_indexes_the_events_the_index_lacks_once() {
            new dev.escqrs.dynamodb.DynamoDbTables(tables.client, tables.tables).createIndexTable();
            tables.account("alice", 1, 2);
            tables.note("hello");

            Run first = tables.cli("index", "backfill");
            Run again = tables.cli("index", "backfill");

            assertThat(first.code()).as(first.out() + first.err()).isZero();
            assertThat(first.out()).contains("indexed 4 events the index lacked");
            assertThat(again.out()).contains("indexed 0 events the index lacked");
            var entries = new dev.escqrs.dynamodb.feed.DynamoDbIndexFeed(
                            tables.client, tables.tables, RestoredTables.CODEC)
                    .readEntries(dev.escqrs.core.port.Checkpoint.START, 100)
                    .entries();
            assertThat(entries)
                    .extracting(e -> e.aggregateName() + ":" + e.version())
                    .containsExactlyInAnyOrder("Account:1", "Account:2", "Account:3", "Note:1");
        }

        @Test
        void names_a_missing_index_table_and_how_to_make_it() {
            tables.account("alice");

            Run run = tables.cli("index", "backfill");

            assertThat(run.code()).isNotZero();
            assertThat(run.err()).contains(tables.prefix + "events-index");
        }
    }

    @Nested
    class Runners {
        @Test
        void lists_consumers_by_their_checkpoint_and_runners_by_their_parked_aggregates() {
            String position = "{\"arn\":\"arn:aws:dynamodb:eu-west-1:1:table/p-events/stream/2026\","
                    + "\"shards\":{\"shardId-1\":\"4900000000000000001\"}}";
            new DynamoDbCheckpoints(tables.client, tables.tables)
                    .save("published-posts", new dev.escqrs.core.port.Checkpoint(position));
            park("author-stats", "Account", "a2", 4, FAILED.plusSeconds(300), Optional.empty());
            park("author-stats", "Account", "a1", 2, FAILED, Optional.of(FAILED.plusSeconds(600)));

            Run run = tables.cli("runners");

            assertThat(run.code()).as(run.out() + run.err()).isEqualTo(3);
            assertThat(run.lines().get(0))
                    .startsWith("RUNNER")
                    .contains("CHECKPOINT SAVED", "POSITION", "PARKED", "OLDEST FAILURE");
            assertThat(row(run, "author-stats", "-"))
                    .containsExactly("author-stats", "-", "-", "2", "2026-03-01T10:15:30Z");
            List<String> posts = row(run, "published-posts");
            assertThat(posts.get(1)).as("saved at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(posts.get(2)).as("position").hasSize(40).endsWith("...").startsWith("{\"arn\":\"arn:aws");
            assertThat(posts.subList(3, 5)).containsExactly("0", "-");
            assertThat(run.out()).contains("2 runners, 1 with parked aggregates (2 in all)");
        }

        @Test
        void exits_zero_when_nothing_is_parked() {
            new DynamoDbCheckpoints(tables.client, tables.tables).save("mailer", dev.escqrs.core.port.Checkpoint.START);

            Run run = tables.cli("runners");

            assertThat(run.code()).as(run.out() + run.err()).isZero();
            assertThat(row(run, "mailer")).endsWith("(start)", "0", "-");
            assertThat(run.out()).contains("1 runner, nothing parked");
        }
    }

    @Nested
    class ParkedList {
        @Test
        void lists_every_parked_aggregate_with_its_error_next_retry_and_request() {
            park("author-stats", "Account", "a1", 2, FAILED, Optional.of(Instant.parse("2026-03-01T10:30:00Z")));
            park("author-stats", "Account", "a2", 4, FAILED.plusSeconds(1), Optional.empty());
            park("published-posts", "Note", "n1", 1, FAILED, Optional.empty());
            tables.parking.request(
                    "published-posts",
                    "Note",
                    "n1",
                    new ParkedAggregate.OperatorRequest(
                            ParkedAggregate.Action.RETRY, "bob", "", FAILED.plusSeconds(900)));

            Run all = tables.cli("parked", "list");
            Run one = tables.cli("parked", "list", "author-stats");

            assertThat(all.code()).as(all.out() + all.err()).isEqualTo(3);
            assertThat(all.lines().get(0))
                    .startsWith("RUNNER")
                    .contains(
                            "TYPE",
                            "ID",
                            "HEAD",
                            "WAITING",
                            "ATTEMPTS",
                            "ERROR",
                            "LAST FAILURE",
                            "NEXT RETRY",
                            "REQUEST");
            assertThat(row(all, "author-stats", "Account"))
                    .containsExactly(
                            "author-stats",
                            "Account",
                            "a1",
                            "2",
                            "2",
                            "3",
                            "INTERNAL: balance of a1 went negative at version 2",
                            "2026-03-01T10:16:30Z",
                            "2026-03-01T10:30:00Z",
                            "-");
            assertThat(row(all, "published-posts", "Note"))
                    .containsExactly(
                            "published-posts",
                            "Note",
                            "n1",
                            "1",
                            "2",
                            "3",
                            "INTERNAL: balance of n1 went negative at version 1",
                            "2026-03-01T10:16:30Z",
                            "operator",
                            "RETRY by bob");
            assertThat(all.out()).contains("3 parked aggregates of 2 runners");
            assertThat(one.code()).isEqualTo(3);
            assertThat(one.lines())
                    .filteredOn(l -> l.startsWith("author-stats "))
                    .hasSize(2);
            assertThat(one.out()).doesNotContain("published-posts").contains("2 parked aggregates of 1 runner");
        }

        @Test
        void exits_zero_when_nothing_is_parked() {
            Run run = tables.cli("parked", "list", "author-stats");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("author-stats: nothing parked");
        }
    }

    @Nested
    class ParkedShow {
        @Test
        void prints_everything_with_the_head_event_json_pretty_printed() {
            park("author-stats", "Account", "a1", 2, FAILED, Optional.empty());

            Run run = tables.cli("parked", "show", "author-stats", "Account", "a1");

            assertThat(run.code()).as(run.out() + run.err()).isZero();
            assertThat(run.out())
                    .contains("aggregate:      Account a1")
                    .contains("head event:     version 2, Deposited, id 01KAAAAAAAAAAAAAAAAAAAAAA2")
                    .contains("waiting behind: 2 (seen up to version 4)")
                    .contains("error:          INTERNAL java.lang.IllegalStateException")
                    .contains("                balance of a1 went negative", "                at version 2")
                    .contains("attempts:       3")
                    .contains("first failure:  2026-03-01T10:15:30.123Z")
                    .contains("next retry:     none: the automatic retries are used up")
                    .contains("request:        none");
            String json = run.out().substring(run.out().indexOf("head event JSON:"));
            assertThat(json.lines())
                    .contains("{", "  \"amount\" : 5,", "  \"memo\" : {", "    \"text\" : \"rent\"", "  }", "}");
        }

        @Test
        void says_when_the_aggregate_is_not_parked() {
            Run run = tables.cli("parked", "show", "author-stats", "Account", "nobody");

            assertThat(run.code()).isEqualTo(3);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("author-stats Account nobody: not parked");
        }
    }

    @Nested
    class ParkedRetry {
        @Test
        void writes_a_retry_request_into_the_entry() {
            park("author-stats", "Account", "a1", 2, FAILED, Optional.empty());

            Run run = tables.cli(
                    "parked", "retry", "author-stats", "Account", "a1", "--by", "alice", "--reason", "fixed in 1.4.2");

            assertThat(run.code()).as(run.out() + run.err()).isZero();
            assertThat(run.out())
                    .contains("author-stats Account a1: retry of version 2 requested by alice")
                    .contains("the runner carries it out at its next poll");
            ParkedAggregate.OperatorRequest request = tables.parking
                    .find("author-stats", "Account", "a1")
                    .flatMap(ParkedAggregate::request)
                    .orElseThrow();
            assertThat(request.action()).isEqualTo(ParkedAggregate.Action.RETRY);
            assertThat(request.by()).isEqualTo("alice");
            assertThat(request.reason()).isEqualTo("fixed in 1.4.2");
            assertThat(request.at()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        }

        @Test
        void all_writes_a_request_into_every_entry_and_leaves_a_pending_skip_alone() {
            park("author-stats", "Account", "a1", 2, FAILED, Optional.empty());
            park("author-stats", "Account", "a2", 5, FAILED, Optional.empty());
            park("author-stats", "Note", "n1", 1, FAILED, Optional.empty());
            park("published-posts", "Account", "a1", 2, FAILED, Optional.empty());
            tables.parking.request(
                    "author-stats",
                    "Note",
                    "n1",
                    new ParkedAggregate.OperatorRequest(ParkedAggregate.Action.SKIP, "bob", "poison", FAILED));

            Run run = tables.cli("parked", "retry", "author-stats", "--all", "--by", "alice");

            assertThat(run.code()).as(run.out() + run.err()).isZero();
            assertThat(run.out())
                    .contains("author-stats: retry requested by alice for 2 of 3 parked aggregates "
                            + "(1 already had a request, left as it is; 0 no longer parked)")
                    .contains("bounded batches");
            assertThat(tables.parking.parked("author-stats"))
                    .extracting(e -> e.aggregateId() + " "
                            + e.request().map(r -> r.action() + " by " + r.by()).orElse("none"))
                    .containsExactlyInAnyOrder("a1 RETRY by alice", "a2 RETRY by alice", "n1 SKIP by bob");
            assertThat(tables.parking
                            .find("published-posts", "Account", "a1")
                            .orElseThrow()
                            .request())
                    .isEmpty();
        }

        @Test
        void says_when_the_aggregate_is_not_parked() {
            Run run = tables.cli("parked", "retry", "author-stats", "Account", "nobody", "--by", "alice");

            assertThat(run.code()).isEqualTo(3);
            assertThat(run.err()).contains("author-stats Account nobody: not parked");
            assertThat(tables.parking.find("author-stats", "Account", "nobody")).isEmpty();
        }

        @Test
        void all_says_when_the_runner_has_nothing_parked() {
            Run run = tables.cli("parked", "retry", "author-stats", "--all", "--by", "alice");

            assertThat(run.code()).isEqualTo(3);
            assertThat(run.err()).contains("author-stats: nothing parked");
        }

        @Test
        void refuses_neither_or_both_of_an_aggregate_and_all() {
            Run neither = tables.cli("parked", "retry", "author-stats", "--by", "alice");
            Run both = tables.cli("parked", "retry", "author-stats", "Account", "a1", "--all", "--by", "alice");
            Run nobody = tables.cli("parked", "retry", "author-stats", "--all");

            assertThat(neither.code()).isEqualTo(2);
            assertThat(neither.err()).contains("retry needs TYPE ID, or --all");
            assertThat(both.code()).isEqualTo(2);
            assertThat(both.err()).contains("retry --all takes no TYPE ID");
            assertThat(nobody.code()).isEqualTo(2);
            assertThat(nobody.err()).contains("Missing required option: '--by=NAME'");
        }
    }

    @Nested
    class ParkedSkip {
        @Test
        void writes_a_skip_request_with_who_and_why() {
            park("author-stats", "Account", "a1", 2, FAILED, Optional.empty());

            Run run = tables.cli(
                    "parked",
                    "skip",
                    "author-stats",
                    "Account",
                    "a1",
                    "--by",
                    "alice",
                    "--reason",
                    "a test deposit from the load test");

            assertThat(run.code()).as(run.out() + run.err()).isZero();
            assertThat(run.out())
                    .contains("author-stats Account a1: skip of version 2 (Deposited) requested by alice")
                    .contains("applies the 2 events behind it");
            ParkedAggregate.OperatorRequest request = tables.parking
                    .find("author-stats", "Account", "a1")
                    .flatMap(ParkedAggregate::request)
                    .orElseThrow();
            assertThat(request.action()).isEqualTo(ParkedAggregate.Action.SKIP);
            assertThat(request.by()).isEqualTo("alice");
            assertThat(request.reason()).isEqualTo("a test deposit from the load test");
        }

        @Test
        void refuses_a_skip_without_a_reason() {
            park("author-stats", "Account", "a1", 2, FAILED, Optional.empty());

            Run missing = tables.cli("parked", "skip", "author-stats", "Account", "a1", "--by", "alice");
            Run blank = tables.cli("parked", "skip", "author-stats", "Account", "a1", "--by", "alice", "--reason", " ");

            assertThat(missing.code()).isEqualTo(2);
            assertThat(missing.err()).contains("Missing required option: '--reason=TEXT'");
            assertThat(blank.code()).isEqualTo(2);
            assertThat(blank.err()).contains("--reason must say why the event is skipped");
            assertThat(tables.parking
                            .find("author-stats", "Account", "a1")
                            .orElseThrow()
                            .request())
                    .isEmpty();
        }

        @Test
        void says_when_the_aggregate_is_not_parked() {
            Run run = tables.cli(
                    "parked", "skip", "author-stats", "Account", "nobody", "--by", "alice", "--reason", "poison");

            assertThat(run.code()).isEqualTo(3);
            assertThat(run.err()).contains("author-stats Account nobody: not parked");
            assertThat(tables.parking.find("author-stats", "Account", "nobody")).isEmpty();
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
            assertThat(reset.out())
                    .contains("checkpoint deleted (was {\"arn\":\"x\",\"shards\":{}})")
                    .contains("the next start rebuilds from the store");
            assertThat(tables.cli("checkpoint", "get", "published-posts").code())
                    .isEqualTo(3);
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
            assertThat(lines)
                    .extracting(l -> l.get("aggregateVersion").asLong())
                    .containsExactly(1L, 2L, 3L);
            assertThat(lines)
                    .extracting(l -> l.get("eventName").asText())
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
            Run run = RestoredTables.run(
                    RestoredTables.CLI, "checkpoint", "get", "x", "--emulator", "--table-prefix", "p-");

            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).contains("--emulator needs the emulator's --endpoint URL");
        }

        @Test
        void help_lists_every_command_and_the_connection_options() {
            Run root = RestoredTables.run(RestoredTables.CLI, "--help");
            Run verify = RestoredTables.run(RestoredTables.CLI, "verify", "--help");
            Run parked = RestoredTables.run(RestoredTables.CLI, "parked", "--help");
            Run runners = RestoredTables.run(RestoredTables.CLI, "runners", "--help");

            assertThat(root.code()).isZero();
            assertThat(root.out()).contains("runners", "parked", "checkpoint", "events", "verify", "repair");
            assertThat(verify.out())
                    .contains("--region", "--table-prefix", "--endpoint", "--emulator", "--layout", "--segments");
            assertThat(parked.out()).contains("list", "show", "retry", "skip");
            assertThat(runners.out())
                    .contains("--table-prefix")
                    .contains("shows up here only by its parked")
                    .contains("aggregates");
        }
    }
    /** Accounts stored in one-item mode: the state on the newest event stands in for the row. */
    @Nested
    class OneItem {
        private dev.escqrs.dynamodb.DynamoDbEventStore oneItemStore() {
            return new dev.escqrs.dynamodb.DynamoDbEventStore(
                    tables.client,
                    tables.tables.withStorage(dev.escqrs.dynamodb.table.StorageMode.ONE_ITEM, "Account"),
                    RestoredTables.CODEC);
        }

        private String account(dev.escqrs.dynamodb.DynamoDbEventStore store, String owner, long deposit) {
            var accounts = dev.escqrs.core.command.CommandHandler.builder(Accounts.ACCOUNT, Accounts.DECIDER)
                    .store(store, store)
                    .build();
            String id =
                    accounts.create("ops", new Accounts.Open(owner)).aggregate().id();
            accounts.update(id, "ops", new Accounts.Deposit(deposit), 1);
            return id;
        }

        @Test
        void verify_reads_the_state_on_the_newest_event_and_repair_rewrites_it_there() {
            String healthy = account(oneItemStore(), "ann", 5);
            String edited = account(oneItemStore(), "bob", 7);
            tables.client.updateItem(b -> b.tableName(tables.tables.eventsTable())
                    .key(dev.escqrs.dynamodb.internal.EventItems.COMPACT.key("Account#" + edited, 2))
                    .updateExpression("SET #st.#b = :v")
                    .expressionAttributeNames(java.util.Map.of("#st", "st", "#b", "balance"))
                    .expressionAttributeValues(java.util.Map.of(":v", AttributeValue.fromN("999"))));

            Run verify = tables.cli("verify", "--one-item", "Account");

            assertThat(verify.code()).as(verify.err()).isEqualTo(3);
            assertThat(findings(verify.lines()))
                    .as(verify.out())
                    .containsExactly("Account " + edited + " row=2 events=2 state-differs");
            assertThat(verify.out()).contains("in d.balance").doesNotContain(healthy + " ");

            Run repair = tables.cli("repair", "--one-item", "Account");
            assertThat(repair.code()).as(repair.out()).isZero();
            assertThat(oneItemStore()
                            .read(Accounts.ACCOUNT, edited)
                            .orElseThrow()
                            .state()
                            .balance())
                    .isEqualTo(7);
            assertThat(tables.row("Account", edited))
                    .as("no row: the state went back on the event")
                    .isEmpty();
            assertThat(tables.cli("verify", "--one-item", "Account").code()).isZero();
        }

        @Test
        void back_in_two_item_mode_repair_writes_the_rows_and_removes_the_marker() {
            String id = account(oneItemStore(), "ann", 5);
            assertThat(tables.cli("verify", "--one-item", "Account").code()).isZero();

            Run asTwoItem = tables.cli("verify");
            assertThat(findings(asTwoItem.lines())).containsExactly("Account " + id + " row=- events=2 row-missing");

            Run repair = tables.cli("repair", "--two-item", "Account");

            assertThat(repair.code()).as(repair.out()).isZero();
            assertThat(repair.out())
                    .contains("Account is back in two-item mode and its rows are up to date: its "
                            + "one-item marker is removed");
            assertThat(tables.row("Account", id)).containsEntry("v", AttributeValue.fromN("2"));
            assertThat(tables.client
                            .getItem(b -> b.tableName(tables.tables.aggregateTable("Account"))
                                    .key(dev.escqrs.dynamodb.internal.AggregateItems.COMPACT.key(
                                            dev.escqrs.dynamodb.internal.StorageMarkers.MARKER_ID)))
                            .hasItem())
                    .isFalse();
            assertThat(tables.cli("verify").code()).isZero();
        }
    }
}
