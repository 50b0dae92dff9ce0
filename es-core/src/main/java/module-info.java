/**
 * escqrs's kernel and ports: no AWS, no Guice. Applications use the API packages. {@code dev.escqrs.core.internal}
 * (storable JSON, id rules, personal-data marks, the waits between attempts) and {@code internal.runtime} (store
 * limits, item sizes, read argument checks, the lease hold) are not API: exported only to the escqrs modules that
 * import them, the store adapters, the testkit and the CLI.
 */
@SuppressWarnings("module") // the modules it is exported to are built after this one
module dev.escqrs.core {
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.fasterxml.jackson.datatype.jdk8;
    requires com.github.f4b6a3.ulid;
    requires java.logging;

    exports dev.escqrs.core.aggregate;
    exports dev.escqrs.core.codec;
    exports dev.escqrs.core.command;
    exports dev.escqrs.core.decider;
    exports dev.escqrs.core.error;
    exports dev.escqrs.core.event;
    exports dev.escqrs.core.feed;
    exports dev.escqrs.core.idempotency;
    exports dev.escqrs.core.port;
    exports dev.escqrs.core.privacy;
    exports dev.escqrs.core.projection;
    exports dev.escqrs.core.reaction;
    exports dev.escqrs.core.internal to
            dev.escqrs.dynamodb,
            dev.escqrs.dynamodb.kcl,
            dev.escqrs.inmemory,
            dev.escqrs.testkit,
            dev.escqrs.cli;
    exports dev.escqrs.core.internal.runtime to
            dev.escqrs.dynamodb,
            dev.escqrs.inmemory,
            dev.escqrs.testkit;
}
