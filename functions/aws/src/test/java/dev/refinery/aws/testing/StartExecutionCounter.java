package dev.refinery.aws.testing;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;

/** Counts the StartExecution calls a client sends and the ExecutionAlreadyExists answers it gets. */
public final class StartExecutionCounter implements ExecutionInterceptor {
    public final AtomicInteger calls = new AtomicInteger();
    public final AtomicInteger alreadyExists = new AtomicInteger();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof StartExecutionRequest) {
            calls.incrementAndGet();
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof StartExecutionRequest && context.exception() instanceof ExecutionAlreadyExistsException) {
            alreadyExists.incrementAndGet();
        }
    }
}
