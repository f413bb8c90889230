package dev.refinery.local.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
import dev.refinery.application.ports.ExecutionInput;
import dev.refinery.application.ports.WorkflowStarter;
import dev.refinery.application.ExecutionNames;
import dev.refinery.domain.TransientRefineryException;
import dev.refinery.workflow.runner.AslRunner;
import dev.refinery.workflow.runner.Execution;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * StartExecution for the local stack: runs the state machine on the in-process ASL runner, on a
 * bounded pool of worker threads, under the caller's execution name. A name is taken once, for
 * good (it is recorded in the embedded database): starting it again answers "already started",
 * which the trigger and the API treat as success, exactly like ExecutionAlreadyExists.
 */
public final class LocalWorkflowStarter implements WorkflowStarter, AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(LocalWorkflowStarter.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final H2ExecutionStore store;
    private final String stateMachineArn;
    private final Clock clock;
    private final ThreadPoolExecutor workers;
    private final Map<String, CompletableFuture<ExecutionRecord>> completions = new ConcurrentHashMap<>();
    private volatile AslRunner runner;
    private volatile boolean closing;

    /**
     * @param threads       executions running at once
     * @param queueCapacity started executions waiting for a thread; beyond it a start fails as retryable
     */
    public LocalWorkflowStarter(H2ExecutionStore store, String stateMachineArn, int threads, int queueCapacity, Clock clock) {
        this.store = store;
        this.stateMachineArn = stateMachineArn;
        this.clock = clock;
        this.workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity), r -> {
            Thread t = new Thread(r, "local-execution-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The runner is built from handlers whose wiring holds this starter, hence attached after construction. */
    public void attach(AslRunner runner) {
        this.runner = runner;
    }

    @Override
    public Started start(String executionName, ExecutionInput input) {
        if (!ExecutionNames.valid(executionName)) {
            throw new IllegalArgumentException("not a valid execution name: " + executionName);
        }
        if (runner == null) {
            throw new IllegalStateException("the local workflow starter has no runner attached");
        }
        String arn = executionArn(executionName);
        if (!store.insertIfAbsent(executionName, arn, Json.write(input), clock.instant())) {
            LOG.info("execution {} already started", executionName);
            return new Started(arn, true);
        }
        submit(executionName, Json.tree(Json.write(input)));
        return new Started(arn, false);
    }

    private void submit(String name, JsonNode input) {
        CompletableFuture<ExecutionRecord> done = completions.computeIfAbsent(name, k -> new CompletableFuture<>());
        try {
            workers.execute(() -> run(name, input, done));
        } catch (RejectedExecutionException e) {
            store.forget(name);
            completions.remove(name);
            throw new TransientRefineryException("The local stack has " + workers.getQueue().size()
                    + " executions waiting; try again when some have finished", e);
        }
    }

    private void run(String name, JsonNode input, CompletableFuture<ExecutionRecord> done) {
        try {
            Execution ex = runner.run(input, name);
            if (closing && Thread.currentThread().isInterrupted()) {
                // Stopped with the stack: left RUNNING, so the next start of the stack runs it again.
                LOG.warn("execution {} interrupted by shutdown; it resumes when the stack starts again", name);
                done.cancel(false);
                return;
            }
            store.finish(ex, clock.instant());
            LOG.info("execution {} {} {}", name, ex.status(), ex.error() == null ? "" : ex.error());
            done.complete(store.find(name).orElseThrow());
            // A later completion() reads the record from the database.
            completions.remove(name, done);
        } catch (RuntimeException | Error e) {
            LOG.error("execution {} could not run", name, e);
            done.completeExceptionally(e);
        }
    }

    /**
     * Runs again the executions a previous process left RUNNING (it stopped in the middle). The
     * stage handlers are idempotent per version slot, so a re-run replaces rather than duplicates.
     */
    public int resumeInterrupted() {
        int n = 0;
        for (ExecutionRecord r : store.running()) {
            if (!completions.containsKey(r.name())) {
                LOG.warn("resuming execution {} left unfinished by a previous run", r.name());
                submit(r.name(), r.input());
                n++;
            }
        }
        return n;
    }

    /** Completes when the execution ends (at once when it already has). */
    public CompletableFuture<ExecutionRecord> completion(String executionName) {
        Optional<ExecutionRecord> r = store.find(executionName);
        if (r.isPresent() && !r.get().running()) {
            return CompletableFuture.completedFuture(r.get());
        }
        CompletableFuture<ExecutionRecord> f = completions.computeIfAbsent(executionName, k -> new CompletableFuture<>());
        // It may have finished between the read and the registration.
        store.find(executionName).filter(x -> !x.running()).ifPresent(f::complete);
        return f;
    }

    public Optional<ExecutionRecord> describe(String executionName) {
        return store.find(executionName);
    }

    /** Executions started and not finished yet (running or queued). */
    public int inFlight() {
        return workers.getActiveCount() + workers.getQueue().size();
    }

    public String executionArn(String executionName) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + executionName;
    }

    @Override
    public void close() {
        closing = true;
        workers.shutdownNow();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
