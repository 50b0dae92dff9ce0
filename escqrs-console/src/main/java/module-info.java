/**
 * The operator console: {@link dev.escqrs.console.OperatorConsole} (a builder, a small server of its own) and
 * {@link dev.escqrs.console.ConsoleAuthenticator} (who is an operator) are the whole API.
 */
module dev.escqrs.console {
    requires transitive dev.escqrs.core;
    requires io.javalin;
    requires java.logging;

    exports dev.escqrs.console;
}
