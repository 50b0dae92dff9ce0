package dev.escqrs.cli;

import picocli.CommandLine.Option;

/** The options of {@code verify} and {@code repair}: how many parallel scan segments. */
final class AuditOptions {
    @Option(
            names = "--segments",
            paramLabel = "N",
            defaultValue = "4",
            description = "Parallel Scan segments (and threads) per table, 1 to 1000 (default: ${DEFAULT-VALUE}). "
                    + "Each reads at most 1 MB a request: raise it for large tables with capacity to spare.")
    int segments;

    int segments(picocli.CommandLine commandLine) {
        if (segments < 1 || segments > 1000) {
            throw new picocli.CommandLine.ParameterException(
                    commandLine, "--segments must be 1 to 1000, got " + segments);
        }
        return segments;
    }
}
