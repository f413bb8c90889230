package dev.refinery.cli.workflow;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.refinery.aws.Wiring;
import dev.refinery.workflow.RefineryStateMachine;
import dev.refinery.workflow.RefineryStateMachine.LambdaFunction;
import dev.refinery.workflow.runner.AslRunner;
import dev.refinery.workflow.runner.TaskFailedException;
import java.lang.reflect.InvocationTargetException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * The repo's state machine on the in-process ASL runner, each Lambda function of the definition
 * played by the very handler class the contract deploys for it ({@link LambdaFunction#handlerClass()}),
 * built with a {@link Wiring} and called as the Java Lambda runtime would call it, within the
 * function's timeout from the list of functions: an invocation that runs longer is interrupted and
 * fails with {@value #LAMBDA_TIMEOUT}, as a Lambda function that times out does under Step Functions.
 * Used by {@code make refine}/{@code make bench} (memory adapters) and the local stack (H2, embedded S3).
 */
public final class StateMachineFunctions {
    public static final String STATE_MACHINE_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:refinery-local";
    /** The error Step Functions reports when a Lambda function runs past its timeout. */
    public static final String LAMBDA_TIMEOUT = "Sandbox.Timedout";

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadFactory DAEMONS = r -> {
        Thread t = new Thread(r, "lambda-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    };
    private static final ExecutorService INVOCATIONS = Executors.newCachedThreadPool(DAEMONS);

    private StateMachineFunctions() {
    }

    /** One handler object per function of the definition, from its contract class and a {@code (Wiring)} constructor. */
    public static Map<LambdaFunction, RequestHandler<Map<String, Object>, Map<String, Object>>> handlers(Wiring wiring) {
        Map<LambdaFunction, RequestHandler<Map<String, Object>, Map<String, Object>>> out = new EnumMap<>(LambdaFunction.class);
        for (LambdaFunction f : RefineryStateMachine.functions()) {
            out.put(f, instantiate(f, wiring));
        }
        return out;
    }

    /** As above, each function's handler with its own wiring (one container per function, as deployed). */
    public static Map<LambdaFunction, RequestHandler<Map<String, Object>, Map<String, Object>>> handlers(
            java.util.function.Function<LambdaFunction, Wiring> wiringOf) {
        Map<LambdaFunction, RequestHandler<Map<String, Object>, Map<String, Object>>> out = new EnumMap<>(LambdaFunction.class);
        for (LambdaFunction f : RefineryStateMachine.functions()) {
            out.put(f, instantiate(f, wiringOf.apply(f)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<Map<String, Object>, Map<String, Object>> instantiate(LambdaFunction f, Wiring wiring) {
        try {
            Object h = Class.forName(f.handlerClass()).getConstructor(Wiring.class).newInstance(wiring);
            if (!(h instanceof RequestHandler<?, ?>)) {
                throw new IllegalStateException(f.handlerClass() + " is not a RequestHandler");
            }
            return (RequestHandler<Map<String, Object>, Map<String, Object>>) h;
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("could not build " + f.handlerClass() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(f.handlerClass() + " (function " + f.name() + " of the definition) has no public (Wiring) constructor", e);
        }
    }

    /** The error the Lambda service throws when a function's reserved concurrency is all in use. */
    public static final String LAMBDA_THROTTLED = "Lambda.TooManyRequestsException";
    /** The model stages' reserved concurrency when none is configured: the CDK app's default (modelStageReservedConcurrency). */
    public static final int DEFAULT_MODEL_CONCURRENCY = 5;

    /**
     * A runner for the definition with every function's local ARN mapped to its handler, each within its
     * function's timeout and reserved concurrency (the model stages' {@value #DEFAULT_MODEL_CONCURRENCY}).
     */
    public static AslRunner.Builder runner(Wiring wiring) {
        return runner(handlers(wiring), f -> f.timeoutSeconds() * 1000L, StateMachineFunctions::reservedConcurrency);
    }

    /** As above over given handlers, with each function's timeout in milliseconds (tests shorten it). */
    public static AslRunner.Builder runner(Map<LambdaFunction, RequestHandler<Map<String, Object>, Map<String, Object>>> handlers,
                                           ToLongFunction<LambdaFunction> timeoutMillis) {
        return runner(handlers, timeoutMillis, StateMachineFunctions::reservedConcurrency);
    }

    /**
     * As above, with each function's reserved concurrency (0: none). An invocation beyond it fails at once with
     * {@value #LAMBDA_THROTTLED}, as the Lambda service answers, and the definition's retriers take it from there.
     */
    public static AslRunner.Builder runner(Map<LambdaFunction, RequestHandler<Map<String, Object>, Map<String, Object>>> handlers,
                                           ToLongFunction<LambdaFunction> timeoutMillis, java.util.function.ToIntFunction<LambdaFunction> reserved) {
        AslRunner.Builder b = AslRunner.builder(RefineryStateMachine.localDefinition()).stateMachineArn(STATE_MACHINE_ARN);
        handlers.forEach((f, handler) -> {
            long millis = timeoutMillis.applyAsLong(f);
            int slots = reserved.applyAsInt(f);
            java.util.concurrent.Semaphore concurrency = slots > 0 ? new java.util.concurrent.Semaphore(slots) : null;
            b.mapHandler(f.localArn(), in -> invoke(f, handler, in, millis, concurrency));
        });
        return b;
    }

    /** A function's reserved concurrency from the list of functions ("model": {@value #DEFAULT_MODEL_CONCURRENCY}), 0 for none. */
    public static int reservedConcurrency(LambdaFunction f) {
        String rc = f.spec().reservedConcurrency();
        if (rc == null) {
            return 0;
        }
        return f.spec().callsModel() ? DEFAULT_MODEL_CONCURRENCY : Integer.parseInt(rc);
    }

    static Map<String, Object> invoke(LambdaFunction f, RequestHandler<Map<String, Object>, Map<String, Object>> handler,
                                      Map<String, Object> in, long millis) {
        return invoke(f, handler, in, millis, null);
    }

    /**
     * Calls the handler as the Lambda runtime does: refused as throttled when {@code concurrency} has no free
     * slot, failed as a timed-out Lambda when it runs past {@code millis}.
     */
    static Map<String, Object> invoke(LambdaFunction f, RequestHandler<Map<String, Object>, Map<String, Object>> handler,
                                      Map<String, Object> in, long millis, java.util.concurrent.Semaphore concurrency) {
        if (concurrency != null && !concurrency.tryAcquire()) {
            throw new TaskFailedException(LAMBDA_THROTTLED,
                    "{\"errorMessage\":\"Rate Exceeded.\",\"errorType\":\"TooManyRequestsException\"}");
        }
        try {
            return invokeWithin(f, handler, in, millis);
        } finally {
            if (concurrency != null) {
                concurrency.release();
            }
        }
    }

    private static Map<String, Object> invokeWithin(LambdaFunction f, RequestHandler<Map<String, Object>, Map<String, Object>> handler,
                                                    Map<String, Object> in, long millis) {
        LocalLambdaContext context = new LocalLambdaContext(f.localName(), f.localArn(), (int) Math.max(1, (millis + 999) / 1000));
        Future<Map<String, Object>> call = INVOCATIONS.submit(() -> handler.handleRequest(in, context));
        try {
            return call.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            String message = String.format(Locale.ROOT, "%s Task timed out after %.2f seconds", context.getAwsRequestId(), millis / 1000.0);
            throw new TaskFailedException(LAMBDA_TIMEOUT,
                    "{\"errorMessage\":\"" + message + "\",\"errorType\":\"" + LAMBDA_TIMEOUT + "\"}");
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + f.localName() + " ran", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
