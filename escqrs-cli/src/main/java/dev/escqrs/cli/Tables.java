package dev.escqrs.cli;

import java.util.function.IntSupplier;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Turns DynamoDB's "Requested resource not found" into a failure that names the table and what to check. */
final class Tables {
    private Tables() {}

    static int naming(String table, IntSupplier command) {
        try {
            return command.getAsInt();
        } catch (ResourceNotFoundException e) {
            throw missing(table, e);
        }
    }

    static CliFailure missing(String table, ResourceNotFoundException e) {
        return new CliFailure(
                ("table %s does not exist in this region: check --table-prefix, --region and " + "--endpoint (%s)")
                        .formatted(
                                table,
                                e.awsErrorDetails() == null
                                        ? e.getMessage()
                                        : e.awsErrorDetails().errorMessage()),
                e);
    }
}
