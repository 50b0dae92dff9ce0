package dev.escqrs.cli;

/** The CLI's exit codes (also in the root command's help and docs/operations.md). */
final class ExitCodes {
    /** Done, nothing to report. */
    static final int OK = 0;
    /** The command failed: a missing table, no credentials, a server that did not answer. */
    static final int FAILED = 1;
    /** The command line was wrong. */
    static final int USAGE = 2;
    /** The command ran and found something an operator must act on. */
    static final int FOUND = 3;

    private ExitCodes() {}
}
