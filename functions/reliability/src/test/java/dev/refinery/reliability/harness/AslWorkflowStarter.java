package dev.refinery.reliability.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
import dev.refinery.application.ports.ExecutionInput;
import dev.refinery.application.ports.WorkflowStarter;
import dev.refinery.reliability.faults.Fault;
import dev.refinery.reliability.faults.FaultPlan;
import dev.refinery.reliability.faults.Faults;
import dev.refinery.workflow.RefineryStateMachine;
import dev.refinery.workflow.RefineryStateMachine.LambdaFunction;
import dev.refinery.workflow.runner.AslDefinition;
import dev.refinery.workflow.runner.AslRunner;
import dev.refinery.workflow.runner.Execution;
import dev.refinery.workflow.runner.LambdaErrors;
import dev.refinery.workflow.runner.ManualClock;
import dev.refinery.workflow.runner.TaskFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Step Functions, in process: executions of the project's own ASL definition on the workflow
 * module's runner, with the real handlers for each Lambda function. As in the service, a name is
 * taken once (starting it again reports "already started"), executions run in the background (on
 * a bounded pool, like a concurrency limit), and Retry pauses take no time (each execution has
 * its own manual clock, so one execution's backoff never ages another's task timeout).
 *
 * <p>The Lambda service itself is modelled at the invocation boundary: an optional plan fails
 * invocations ({@code lambda.<function>}, e.g. {@code lambda.lighting}) with Lambda's service
 * errors before or after the handler ran, and a handler that dies ({@link Faults.InjectedCrash},
 * an {@link Error}) is reported as {@code Lambda.Unknown}, as Lambda reports a crashed function.
 */
public final class AslWorkflowStarter implements WorkflowStarter, AutoCloseable {
    private static final AslDefinition DEFINITION = RefineryStateMachine.localDefinition();

    public record Run(String name, JsonNode input, CompletableFuture<Execution> execution) {
    }

    private final Map<LambdaFunction, Function<Map<String, Object>, Map<String, Object>>> handlers;
    private final FaultPlan<Fault> invocationFaults;
    private final ExecutorService pool;
    private final long seed;
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    public AslWorkflowStarter(Map<LambdaFunction, Function<Map<String, Object>, Map<String, Object>>> handlers,
                              FaultPlan<Fault> invocationFaults, int concurrency, long seed) {
        this.handlers = Map.copyOf(handlers);
        this.invocationFaults = invocationFaults;
        this.pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "execution-" + calls.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.seed = seed;
    }

    @Override
    public Started start(String executionName, ExecutionInput input) {
        JsonNode json = Json.tree(Json.write(input));
        synchronized (runs) {
            Run existing = runs.get(executionName);
            if (existing != null) {
                return new Started(arn(executionName), true);
            }
            CompletableFuture<Execution> future = CompletableFuture.supplyAsync(() -> runner(executionName).run(json, executionName), pool);
            runs.put(executionName, new Run(executionName, json, future));
        }
        return new Started(arn(executionName), false);
    }

    private AslRunner runner(String executionName) {
        ManualClock time = new ManualClock();
        AslRunner.Builder b = AslRunner.builder(DEFINITION).manualTime(time).randomSeed(seed ^ executionName.hashCode());
        for (LambdaFunction f : LambdaFunction.values()) {
            Function<Map<String, Object>, Map<String, Object>> h = handlers.get(f);
            if (h == null) {
                throw new IllegalStateException("no handler for " + f);
            }
            b.mapHandler(f.localArn(), payload -> invoke(executionName, f, h, payload));
        }
        return b.build();
    }

    /** One Lambda invocation: service faults around the handler, crashes reported as Lambda does. */
    private Map<String, Object> invoke(String executionName, LambdaFunction f, Function<Map<String, Object>, Map<String, Object>> h,
                                       Map<String, Object> payload) {
        String op = "lambda." + f.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        // one context per execution and loop iteration: "the first invocation of each stage" means per pass through it
        String context = executionName + "/i" + (payload == null ? "-" : payload.get("iteration"));
        Optional<Fault> fault = invocationFaults.decide(op, context);
        if (fault.isPresent() && fault.get().timing() == Fault.Timing.BEFORE) {
            throw fault.get().raise(context);
        }
        Map<String, Object> out;
        try {
            out = h.apply(payload);
        } catch (Faults.InjectedCrash | Error crash) {
            throw new TaskFailedException("Lambda.Unknown", LambdaErrors.cause("Lambda.Unknown",
                    "The function " + f.name() + " exited before answering: " + crash.getMessage()));
        }
        if (fault.isPresent()) {
            throw fault.get().raise(context);
        }
        return out;
    }

    /** Lambda answered 500 after (AFTER) or before (BEFORE) running the function: Step Functions retries the Task. */
    public static Fault lambdaServiceException(Fault.Timing timing) {
        return new Fault("lambda-service-exception-" + timing.name().toLowerCase(java.util.Locale.ROOT), timing,
                ctx -> new TaskFailedException("Lambda.ServiceException",
                        LambdaErrors.cause("Lambda.ServiceException", "Lambda could not return the function's answer (injected, " + ctx + ")")));
    }

    public static Fault lambdaThrottled() {
        return Fault.before("lambda-too-many-requests", ctx -> new TaskFailedException("Lambda.TooManyRequestsException",
                LambdaErrors.cause("Lambda.TooManyRequestsException", "Rate Exceeded. (injected, " + ctx + ")")));
    }

    static String arn(String name) {
        return "arn:aws:states:us-east-1:000000000000:execution:refinery-local:" + name;
    }

    public List<Run> runs() {
        synchronized (runs) {
            return new ArrayList<>(runs.values());
        }
    }

    public Optional<Run> run(String name) {
        synchronized (runs) {
            return Optional.ofNullable(runs.get(name));
        }
    }

    /** Waits until every execution started so far (and any they lead to) has ended. */
    public List<Execution> awaitAll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Run> now = runs();
            for (Run r : now) {
                long left = deadline - System.nanoTime();
                try {
                    r.execution().get(Math.max(1, left), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("execution " + r.name() + " still running after " + timeout, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("the runner itself failed on " + r.name(), e.getCause());
                }
            }
            if (runs().size() == now.size()) {
                return now.stream().map(r -> r.execution().join()).toList();
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
