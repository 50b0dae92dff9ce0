/**
 * The operator CLI ({@code scripts/escqrs}): runners and their parked aggregates, checkpoints, an aggregate's events,
 * and verify and repair of aggregate rows against their events, on DynamoDB. {@link dev.escqrs.cli.EscqrsCli} is the
 * whole API: an application registers its aggregate types and deciders and runs it from its own {@code main}.
 */
module dev.escqrs.cli {
    requires transitive dev.escqrs.dynamodb;
    requires transitive info.picocli;
    requires software.amazon.awssdk.core;

    exports dev.escqrs.cli;
    // picocli reads the commands' annotated fields and creates the commands reflectively
    opens dev.escqrs.cli to
            info.picocli;
}
