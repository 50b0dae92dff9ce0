package dev.escqrs.dynamodb.internal;

import dev.escqrs.core.port.AppendBatch;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * What a failed {@code TransactWriteItems} means, decided from the exception alone (no server needed to test it): a
 * failed condition (a conflict, or our own earlier commit), something to retry (throttling, DynamoDB's own transaction
 * conflicts), an ambiguous failure (the request may have been applied: a 5xx, a timeout, a lost connection), or a
 * refusal (a bad request; retrying cannot help).
 */
public final class WriteFailures {
    /** The kinds of failure, each handled one way by the store. */
    public enum Kind {
        CONDITION_FAILED,
        RETRY,
        AMBIGUOUS,
        REFUSED
    }

    private static final Set<String> RETRYABLE_REASONS =
            Set.of("TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded");
    private static final Set<String> THROTTLING_CODES = Set.of(
            "ProvisionedThroughputExceededException",
            "RequestLimitExceeded",
            "ThrottlingException",
            "TransactionInProgressException",
            // a single-item write that met a transaction in flight on the same item (one-item mode's PutItem)
            "TransactionConflictException");

    private WriteFailures() {}

    public static Kind classify(RuntimeException failure) {
        if (failure instanceof TransactionCanceledException cancelled) {
            List<CancellationReason> reasons = cancelled.cancellationReasons();
            if (conditionFailed(reasons)) {
                return Kind.CONDITION_FAILED;
            }
            return reasons.stream().anyMatch(r -> RETRYABLE_REASONS.contains(r.code())) ? Kind.RETRY : Kind.REFUSED;
        }
        if (failure instanceof DynamoDbException e) {
            String code = e.awsErrorDetails() == null
                    ? ""
                    : Objects.toString(e.awsErrorDetails().errorCode(), "");
            if (e.isThrottlingException() || THROTTLING_CODES.contains(code)) {
                return Kind.RETRY;
            }
            return e.statusCode() >= 500 ? Kind.AMBIGUOUS : Kind.REFUSED;
        }
        return failure instanceof SdkClientException ? Kind.AMBIGUOUS : Kind.REFUSED;
    }

    public static boolean conditionFailed(List<CancellationReason> reasons) {
        return reasons.stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()));
    }

    /**
     * Whether the refused row ({@code ALL_OLD}, the first item's reason) is the one {@code batch} wrote: at its version,
     * with its last event id. Answers the usual ambiguous case (our response was lost, nobody wrote since) without a read.
     */
    public static boolean rowShowsOurCommit(
            AppendBatch<?, ?> batch, List<CancellationReason> reasons, AggregateItems rows) {
        Map<String, AttributeValue> old =
                reasons.isEmpty() ? null : reasons.getFirst().item();
        if (old == null || !old.containsKey(rows.lastEventId()) || !old.containsKey(rows.version())) {
            return false;
        }
        return batch.events()
                        .getLast()
                        .eventId()
                        .equals(old.get(rows.lastEventId()).s())
                && Long.toString(batch.aggregate().version())
                        .equals(old.get(rows.version()).n());
    }

    /** The reasons as a log line: {@code [None, ConditionalCheckFailed: ...]}. */
    public static String codes(List<CancellationReason> reasons) {
        return reasons.stream()
                .map(r -> r.code() + (r.message() == null ? "" : ": " + r.message()))
                .toList()
                .toString();
    }
}
