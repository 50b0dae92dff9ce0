package dev.escqrs.core.port;

/**
 * The hard limits every store enforces, taken from DynamoDB so that code that runs on one store runs on all:
 * {@value #MAX_EVENTS} events per command (100 items per transaction, one is the aggregate row),
 * {@value #MAX_ITEM_BYTES} bytes (400 KB) per stored event or aggregate row, {@value #MAX_BATCH_BYTES} bytes (4 MB) per
 * command. Each store measures sizes its own way (DynamoDB as DynamoDB counts items, the in-memory store as JSON
 * bytes), so a value close to a limit may pass on one store and not on another; a value well over it fails on both.
 */
public final class StoreLimits {
    public static final int MAX_EVENTS = 99;
    public static final long MAX_ITEM_BYTES = 400 * 1024;
    public static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;

    private StoreLimits() {
    }
}
