package dev.escqrs.dynamodb.internal;

import dev.escqrs.core.port.RequestObserver;
import java.time.Duration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Tells a {@link RequestObserver} of every request a client makes: its operation, whether it failed, its time. */
public final class ObservingInterceptor implements ExecutionInterceptor {
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("escqrs.started");

    private final RequestObserver observer;

    public ObservingInterceptor(RequestObserver observer) {
        this.observer = observer;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        report(attributes, false);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        report(attributes, true);
    }

    private void report(ExecutionAttributes attributes, boolean failed) {
        Long started = attributes.getAttribute(STARTED);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        observer.request(
                operation == null ? "unknown" : operation,
                failed,
                Duration.ofNanos(started == null ? 0 : System.nanoTime() - started));
    }
}
