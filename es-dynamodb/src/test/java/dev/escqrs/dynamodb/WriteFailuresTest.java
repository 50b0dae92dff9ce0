package dev.escqrs.dynamodb;

import static dev.escqrs.dynamodb.Wallet.WALLET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.AggregateMeta;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventMetadata;
import dev.escqrs.core.port.AppendBatch;
import dev.escqrs.dynamodb.internal.AggregateItems;
import dev.escqrs.dynamodb.internal.WriteFailures;
import dev.escqrs.dynamodb.internal.WriteFailures.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** How the store reads a failed transaction, without a server: what is a conflict, a retry, ambiguous or refused. */
class WriteFailuresTest {
    private static CancellationReason reason(String code) {
        return CancellationReason.builder().code(code).build();
    }

    private static TransactionCanceledException cancelled(CancellationReason... reasons) {
        return TransactionCanceledException.builder()
                .cancellationReasons(reasons)
                .message("cancelled")
                .build();
    }

    private static DynamoDbException dynamo(int status, String code) {
        return (DynamoDbException) DynamoDbException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
                .message(code)
                .build();
    }

    @Nested
    class Classify {
        @Test
        void a_failed_condition_on_any_item_is_condition_failed() {
            assertThat(WriteFailures.classify(cancelled(reason("ConditionalCheckFailed"), reason("None"))))
                    .isEqualTo(Kind.CONDITION_FAILED);
            assertThat(WriteFailures.classify(cancelled(reason("None"), reason("ConditionalCheckFailed"))))
                    .isEqualTo(Kind.CONDITION_FAILED);
        }

        @Test
        void dynamodbs_own_conflicts_and_throttling_are_retried() {
            assertThat(WriteFailures.classify(cancelled(reason("TransactionConflict"), reason("None"))))
                    .isEqualTo(Kind.RETRY);
            assertThat(WriteFailures.classify(cancelled(reason("ThrottlingError"))))
                    .isEqualTo(Kind.RETRY);
            assertThat(WriteFailures.classify(dynamo(400, "ProvisionedThroughputExceededException")))
                    .isEqualTo(Kind.RETRY);
            assertThat(WriteFailures.classify(dynamo(400, "TransactionInProgressException")))
                    .isEqualTo(Kind.RETRY);
            assertThat(WriteFailures.classify(dynamo(400, "ThrottlingException")))
                    .isEqualTo(Kind.RETRY);
        }

        @Test
        void a_5xx_or_a_client_side_failure_is_ambiguous() {
            assertThat(WriteFailures.classify(dynamo(500, "InternalServerError")))
                    .isEqualTo(Kind.AMBIGUOUS);
            assertThat(WriteFailures.classify(dynamo(503, "ServiceUnavailable")))
                    .isEqualTo(Kind.AMBIGUOUS);
            assertThat(WriteFailures.classify(SdkClientException.create("Read timed out")))
                    .isEqualTo(Kind.AMBIGUOUS);
        }

        @Test
        void a_bad_request_or_a_validation_cancellation_is_refused() {
            assertThat(WriteFailures.classify(dynamo(400, "ValidationException")))
                    .isEqualTo(Kind.REFUSED);
            assertThat(WriteFailures.classify(cancelled(reason("ValidationError"))))
                    .isEqualTo(Kind.REFUSED);
            assertThat(WriteFailures.classify(new IllegalStateException("not the SDK's")))
                    .isEqualTo(Kind.REFUSED);
        }
    }

    @Nested
    class OurOwnCommit {
        private final Instant now = Instant.parse("2026-01-01T00:00:00Z");
        private final AggregateEvent<Wallet.Event> opened = new AggregateEvent<>(
                "01KDX8A0000000000000000001",
                "WalletOpened",
                "Wallet",
                "w1",
                1,
                "ann",
                new Wallet.Opened("ann"),
                EventMetadata.NONE);
        private final AppendBatch<Wallet.Event, Wallet.State> batch = new AppendBatch<>(
                WALLET,
                new Aggregate<>(new AggregateMeta("w1", 1, "ann", now, now), new Wallet.State("ann", 0, "", 0, 0)),
                List.of(opened));

        private List<CancellationReason> refusedRow(String version, String lastEventId) {
            return List.of(CancellationReason.builder()
                    .code("ConditionalCheckFailed")
                    .item(Map.of("v", AttributeValue.fromN(version), "e", AttributeValue.fromS(lastEventId)))
                    .build());
        }

        @Test
        void the_refused_row_at_our_version_with_our_last_event_is_our_commit() {
            assertThat(WriteFailures.rowShowsOurCommit(
                            batch, refusedRow("1", opened.eventId()), AggregateItems.COMPACT))
                    .isTrue();
        }

        @Test
        void another_writers_row_is_not() {
            assertThat(WriteFailures.rowShowsOurCommit(
                            batch, refusedRow("1", "01KDX8A0000000000000000009"), AggregateItems.COMPACT))
                    .isFalse();
            assertThat(WriteFailures.rowShowsOurCommit(
                            batch, refusedRow("2", opened.eventId()), AggregateItems.COMPACT))
                    .isFalse();
            assertThat(WriteFailures.rowShowsOurCommit(
                            batch, List.of(reason("ConditionalCheckFailed")), AggregateItems.COMPACT))
                    .isFalse();
        }
    }
}
