package dev.escqrs.example.blogpost.lambda;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.port.AggregateReader;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.core.reaction.ReactionLedger;
import dev.escqrs.core.reaction.ReactionObserver;
import dev.escqrs.core.reaction.Reactor;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbParking;
import dev.escqrs.dynamodb.DynamoDbReactionLedger;
import dev.escqrs.dynamodb.lambda.ProjectionStreamHandler;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.example.blogpost.ServiceTables;
import dev.escqrs.example.blogpost.app.AuthorStats;
import dev.escqrs.example.blogpost.domain.Author;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The author-stats reaction as a Lambda on the events table's stream, beside {@code PublishedPostsLambda}, with
 * {@code ReportBatchItemFailures}: the Stream variant of the workflow (not in deploy/template.yaml, whose service runs
 * it from the change-feed index). Lambda delivers each record at least once; the
 * reactor's ledger skips what it reacted to, and a command sent again after a failure carries the same idempotency
 * key, so an author's count never doubles. A refused command is skipped and logged; a store failure is reported as a
 * batch item failure and Lambda retries from it. Its tables are found by the prefix in {@value #TABLE_PREFIX}, the KMS
 * key of the authors' data keys in {@code ESCQRS_KMS_KEY_ID}: its commands write the author's state, whose profile
 * is personal data (read with the author's key; an author without a profile has no key, and none is made here).
 *
 * <p>Handler: {@code dev.escqrs.example.blogpost.lambda.AuthorStatsLambda::handleRequest}.
 */
public final class AuthorStatsLambda extends ProjectionStreamHandler {
    /** The environment variable that holds the table prefix, e.g. {@code blog-}. */
    public static final String TABLE_PREFIX = LambdaEnvironment.TABLE_PREFIX;

    /** What Lambda calls: the tables of the prefix in {@value #TABLE_PREFIX}. */
    public AuthorStatsLambda() {
        this(fromEnvironment());
    }

    private AuthorStatsLambda(Wiring wiring) {
        this(wiring.tables(), wiring.codec(), wiring.store(), wiring.store(), wiring.ledger(), wiring.parking());
    }

    /**
     * For tests and other hosts: these tables, this codec (with the data keys {@code store}'s codec has), this store,
     * this ledger, parked posts kept here.
     */
    public AuthorStatsLambda(
            TableNames tables,
            JsonCodec codec,
            EventStore store,
            AggregateReader reader,
            ReactionLedger ledger,
            Parking parking) {
        this(tables, codec, store, reactor(store, reader, ledger), parking);
    }

    private AuthorStatsLambda(TableNames tables, JsonCodec codec, EventStore store, Reactor reactor, Parking parking) {
        // a post whose event the reaction cannot handle is parked in the checkpoint table; the batch goes on
        super(ProjectionStreamHandler.builder(ProjectionSpec.builder(reactor.name(), reactor)
                        .aggregates(BlogPosts.BLOG_POST)
                        .store(store)
                        .codec(codec)
                        .badRecords(BadRecords.PARK)
                        .parking(parking)
                        .build())
                .tables(tables));
    }

    private static Reactor reactor(EventStore store, AggregateReader reader, ReactionLedger ledger) {
        return AuthorStats.reactor(
                CommandHandler.builder(Author.AUTHOR, Author.DECIDER)
                        .store(store, reader)
                        .build(),
                ledger,
                ReactionObserver.NONE);
    }

    private record Wiring(
            TableNames tables, JsonCodec codec, DynamoDbEventStore store, ReactionLedger ledger, Parking parking) {}

    private static Wiring fromEnvironment() {
        String prefix = LambdaEnvironment.tablePrefix();
        TableNames tables = ServiceTables.named(prefix);
        DynamoDbClient client = LambdaEnvironment.client();
        JsonCodec codec = LambdaEnvironment.codec(client, tables);
        return new Wiring(
                tables,
                codec,
                new DynamoDbEventStore(client, tables, codec),
                new DynamoDbReactionLedger(client, prefix + AuthorStats.NAME),
                new DynamoDbParking(client, tables));
    }
}
