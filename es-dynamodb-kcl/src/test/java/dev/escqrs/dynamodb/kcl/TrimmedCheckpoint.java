package dev.escqrs.dynamodb.kcl;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

/**
 * AWS's answer to a checkpoint older than the stream's 24 hours, given by the SDK before the request leaves: the
 * first sequence number asked for with {@code AFTER_SEQUENCE_NUMBER} is trimmed, for every later request too (KCL's
 * adapter asks before the processor's {@code initialize}, the worker asks again in it).
 */
final class TrimmedCheckpoint implements ExecutionInterceptor {
    final AtomicReference<String> trimmed = new AtomicReference<>();
    final AtomicInteger refused = new AtomicInteger();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof GetShardIteratorRequest request
                && request.shardIteratorType() == ShardIteratorType.AFTER_SEQUENCE_NUMBER) {
            trimmed.compareAndSet(null, request.sequenceNumber());
            if (request.sequenceNumber().equals(trimmed.get())) {
                refused.incrementAndGet();
                throw TrimmedDataAccessException.builder()
                        .message("injected: the sequence number is beyond the trim horizon")
                        .build();
            }
        }
    }
}
