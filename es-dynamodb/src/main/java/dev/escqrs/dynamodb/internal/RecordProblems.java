package dev.escqrs.dynamodb.internal;

import dev.escqrs.dynamodb.internal.StreamRecords.RawRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why a change record holds no event of ours, judged before anything is decoded: the rules of
 * {@link StreamRecords#problem}, which every reader of the events table's stream applies.
 */
final class RecordProblems {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRecords.class);

    private RecordProblems() {}

    static String of(RawRecord record, String eventsTable) {
        if (record.problem().isPresent()) {
            return "is malformed: " + record.problem().get();
        }
        if (record.sourceArn().isPresent() && !record.sourceArn().get().contains(":table/" + eventsTable + "/")) {
            return "comes from %s, not from the events table %s"
                    .formatted(record.sourceArn().get(), eventsTable);
        }
        if ("MODIFY".equals(record.eventName()) && StateItems.isStateRepair(record.newImage())) {
            LOG.info(
                    "{}: a repair rewrote the state on an event in one-item mode; the event is unchanged, nothing "
                            + "to project",
                    record.where());
            return StreamRecords.PASS_OVER;
        }
        if (!"INSERT".equals(record.eventName())) {
            return "is a %s; events are only ever inserted".formatted(record.eventName());
        }
        if (record.newImage() == null || record.newImage().isEmpty()) {
            return "has no NewImage; the events table's stream must be NEW_IMAGE or NEW_AND_OLD_IMAGES";
        }
        if (!EventItems.isEvent(record.newImage())) {
            return "is not an escqrs event (attributes %s)"
                    .formatted(record.newImage().keySet());
        }
        return null;
    }
}
