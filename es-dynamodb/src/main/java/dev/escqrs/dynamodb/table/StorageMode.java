package dev.escqrs.dynamodb.table;

/**
 * How the aggregates of one type are stored, chosen per type with {@link TableNames#withStorage}. Both modes keep one
 * item per event in the events table, keyed by (stream id, version), so the change feed, the by-name index, the
 * backfill and every reader of events see the same items; they differ in where the current state is kept.
 * docs/dynamodb.md says when to choose which, with the measured costs.
 */
public enum StorageMode {
    /**
     * The default, as in the seed: the state in the aggregate table's row, written with the events in one
     * {@code TransactWriteItems}, conditioned on the row's version. A read is one {@code GetItem}; a small
     * single-event command costs 4 WCU (a transaction bills each of its two items twice). Rows can be read, listed and
     * scanned as a table of current states.
     */
    TWO_ITEM,
    /**
     * The state rides on the newest event's own item: a single-event command is one {@code PutItem}, conditioned on the
     * (stream, version) slot being free, which is the optimistic lock; a small one costs 1 WCU. A command of several
     * events is one {@code TransactWriteItems} of their puts, the state on the last. A read is one consistent
     * {@code Query} newest-first with {@code Limit 1}. The events table's stream carries the state too (decoders ignore
     * it). No rows are written: the aggregate table is read only for aggregates last written in {@link #TWO_ITEM} mode,
     * and for rows rewritten by a repair.
     */
    ONE_ITEM
}
