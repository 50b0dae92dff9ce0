/**
 * The DynamoDB store: the event store, tables, checkpoints and Guice module ({@code dev.escqrs.dynamodb}), the tables'
 * names and item layouts ({@code dev.escqrs.dynamodb.table}), and the events table's stream
 * and its change-feed index ({@code dev.escqrs.dynamodb.feed}). {@code dev.escqrs.dynamodb.internal} (item
 * codecs, attribute conversion, the append's parts, stream-record decoding) is not API: exported to es-dynamodb-lambda,
 * es-dynamodb-kcl and escqrs-cli only.
 */
@SuppressWarnings("module") // the modules named in "exports ... to" are built after this one
module dev.escqrs.dynamodb {
    requires transitive dev.escqrs.core;
    // the Guice module is optional: Spring applications run without Guice (the starter excludes it)
    requires static com.google.guice;
    requires transitive software.amazon.awssdk.services.dynamodb;
    requires transitive software.amazon.awssdk.services.kms;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires transitive software.amazon.awssdk.regions;
    requires transitive software.amazon.awssdk.auth;
    requires transitive software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.apache5;
    requires software.amazon.awssdk.utils;
    requires org.slf4j;
    requires com.github.f4b6a3.ulid;

    exports dev.escqrs.dynamodb;
    exports dev.escqrs.dynamodb.feed;
    exports dev.escqrs.dynamodb.table;
    exports dev.escqrs.dynamodb.internal to
            dev.escqrs.dynamodb.lambda,
            dev.escqrs.dynamodb.kcl,
            dev.escqrs.cli;
    // Guice calls the module's provider methods reflectively
    opens dev.escqrs.dynamodb to
            com.google.guice;
}
