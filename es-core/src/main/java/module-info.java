/**
 * escqrs's kernel and ports: no AWS, no Guice. Applications use the API packages; store adapters also use
 * {@code dev.escqrs.core.internal}.
 */
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
    exports dev.escqrs.core.port;
    exports dev.escqrs.core.projection;
    exports dev.escqrs.core.reaction;
    exports dev.escqrs.core.internal;
}
