package dev.refinery.workflow.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Runs an {@link AslDefinition} in-process, calling registered {@link TaskHandler}s instead of
 * Lambda functions. Implements Task, Choice, Pass, Wait, Succeed and Fail; InputPath, Parameters,
 * ResultSelector, ResultPath, OutputPath; Retry (IntervalSeconds, BackoffRate, MaxAttempts,
 * MaxDelaySeconds, JitterStrategy FULL from a seedable random) and Catch; the context object;
 * every intrinsic function; task and execution TimeoutSeconds. Time comes from an injectable clock
 * and sleeper, so tests run hour-long waits instantly.
 *
 * <p>{@code run} is synchronous and the runner is immutable: several threads may run executions at once.
 *
 * <pre>{@code
 * AslRunner runner = AslRunner.builder(AslDefinition.parse(json, substitutions))
 *         .mapHandler("arn:aws:lambda:us-east-1:000000000000:function:base", in -> Map.of("ok", true))
 *         .build();
 * Execution ex = runner.run(Map.of("tenant", "t1"));
 * ex.status(); ex.output(); ex.statesEntered(); ex.history();
 * }</pre>
 */
public final class AslRunner {
    /** The service's hard limit on an execution's history. */
    public static final int DEFAULT_MAX_HISTORY_EVENTS = 25_000;

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadFactory DAEMONS = r -> {
        Thread t = new Thread(r, "asl-task-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    };

    private final AslDefinition definition;
    private final Map<String, TaskHandler> handlers;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Long seed;
    private final String stateMachineArn;
    private final List<ExecutionListener> listeners;
    private final int maxHistoryEvents;
    private final AtomicLong runs = new AtomicLong();
    private final ExecutorService taskThreads = Executors.newCachedThreadPool(DAEMONS);

    private AslRunner(Builder b) {
        this.definition = b.definition;
        this.handlers = Map.copyOf(b.handlers);
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.seed = b.seed;
        this.stateMachineArn = b.stateMachineArn;
        this.listeners = List.copyOf(b.listeners);
        this.maxHistoryEvents = b.maxHistoryEvents;
    }

    public static Builder builder(AslDefinition definition) {
        return new Builder(definition);
    }

    public AslDefinition definition() {
        return definition;
    }

    public Execution run(Map<String, ?> input) {
        return run((JsonNode) JsonValues.MAPPER.valueToTree(input), null);
    }

    public Execution run(Map<String, ?> input, String executionName) {
        return run((JsonNode) JsonValues.MAPPER.valueToTree(input), executionName);
    }

    public Execution run(JsonNode input) {
        return run(input, null);
    }

    /**
     * Runs one execution to its end.
     *
     * @param executionName null for a generated one
     */
    public Execution run(JsonNode input, String executionName) {
        long index = runs.getAndIncrement();
        Random random = seed == null ? new Random(new SecureRandom().nextLong())
                : new Random(seed ^ (index * 0x9E3779B97F4A7C15L));
        String name = executionName != null ? executionName : new UUID(random.nextLong(), random.nextLong()).toString();
        return new Run(name, input == null ? JsonValues.NODES.nullNode() : input.deepCopy(), random).execute();
    }

    /** Configures a runner: the definition, one handler per Lambda function it calls, time and randomness. */
    public static final class Builder {
        private final AslDefinition definition;
        private final Map<String, TaskHandler> handlers = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.REAL;
        private Long seed;
        private String stateMachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:local";
        private final List<ExecutionListener> listeners = new ArrayList<>();
        private int maxHistoryEvents = DEFAULT_MAX_HISTORY_EVENTS;

        private Builder(AslDefinition definition) {
            this.definition = definition;
        }

        /**
         * @param key the FunctionName of a lambda:invoke Task (after substitution), or the Resource
         *            of any other Task
         */
        public Builder handler(String key, TaskHandler handler) {
            handlers.put(key, handler);
            return this;
        }

        /** A handler written like a Lambda RequestHandler over maps; see {@link TaskHandler#ofMap}. */
        public Builder mapHandler(String key, Function<Map<String, Object>, Map<String, Object>> handler) {
            return handler(key, TaskHandler.ofMap(handler));
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /** Uses a manual clock for both time and sleeping: nothing really waits. */
        public Builder manualTime(ManualClock time) {
            this.clock = time;
            this.sleeper = time;
            return this;
        }

        /** Makes jitter, States.UUID, States.MathRandom and generated execution names reproducible. */
        public Builder randomSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Used for $$.StateMachine and $$.Execution.Id. */
        public Builder stateMachineArn(String arn) {
            this.stateMachineArn = arn;
            return this;
        }

        public Builder listener(ExecutionListener listener) {
            listeners.add(listener);
            return this;
        }

        public Builder maxHistoryEvents(int max) {
            this.maxHistoryEvents = max;
            return this;
        }

        /** Refuses a definition whose Tasks call a function no handler is registered for. */
        public AslRunner build() {
            List<String> missing = new ArrayList<>();
            definition.staticTaskKeys().forEach((state, key) -> {
                if (!handlers.containsKey(key)) {
                    missing.add("no handler registered for '" + key + "' (Task state '" + state + "')");
                }
            });
            if (!missing.isEmpty()) {
                throw new AslValidationException(missing);
            }
            return new AslRunner(this);
        }
    }

    /** One execution's mutable state. */
    private final class Run {
        private final String name;
        private final JsonNode input;
        private final Random random;
        private final ObjectNode context = JsonValues.object();
        private final List<HistoryEvent> history = new ArrayList<>();
        private final Instant deadline;

        Run(String name, JsonNode input, Random random) {
            this.name = name;
            this.input = input;
            this.random = random;
            Instant start = clock.instant();
            Integer timeout = definition.timeoutSeconds();
            this.deadline = timeout == null ? null : start.plusSeconds(timeout);
            String smName = stateMachineArn.substring(stateMachineArn.lastIndexOf(':') + 1);
            ObjectNode execution = context.putObject("Execution");
            execution.put("Id", stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name);
            execution.set("Input", input);
            execution.put("Name", name);
            execution.put("RoleArn", stateMachineArn.replaceFirst(":states:([^:]*):([^:]*):stateMachine:.*", ":iam::$2:role/local"));
            execution.put("StartTime", start.toString());
            execution.put("RedriveCount", 0);
            ObjectNode sm = context.putObject("StateMachine");
            sm.put("Id", stateMachineArn);
            sm.put("Name", smName);
        }

        Execution execute() {
            record(HistoryEventType.EXECUTION_STARTED, null, details("input", input));
            String current = definition.startAt();
            JsonNode data = input;
            try {
                while (true) {
                    if (timedOut()) {
                        return timeOut();
                    }
                    JsonNode state = definition.stateNode(current);
                    String type = state.get("Type").textValue();
                    ObjectNode stateContext = context.putObject("State");
                    stateContext.put("Name", current);
                    stateContext.put("EnteredTime", clock.instant().toString());
                    stateContext.put("RetryCount", 0);
                    record(HistoryEventType.STATE_ENTERED, current, details("input", data));
                    Step step;
                    try {
                        step = runState(current, state, type, data);
                    } catch (StatesError e) {
                        if (e instanceof ExecutionTimedOut) {
                            return timeOut();
                        }
                        return fail(e.error(), e.errorCause());
                    }
                    record(HistoryEventType.STATE_EXITED, current, details("output", step.output()));
                    if (step.next() == null) {
                        record(HistoryEventType.EXECUTION_SUCCEEDED, null, details("output", step.output()));
                        return new Execution(name, ExecutionStatus.SUCCEEDED, input, step.output(), null, null, history);
                    }
                    current = step.next();
                    data = step.output();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail(StatesError.RUNTIME, "the execution was interrupted");
            } catch (HistoryFull e) {
                return fail(StatesError.RUNTIME, "the execution history reached " + maxHistoryEvents + " events");
            }
        }

        private Execution fail(String error, String cause) {
            ObjectNode d = JsonValues.object();
            d.put("error", error);
            d.put("cause", cause);
            appendUnbounded(HistoryEventType.EXECUTION_FAILED, null, d);
            return new Execution(name, ExecutionStatus.FAILED, input, null, error, cause, history);
        }

        private Execution timeOut() {
            String cause = "the execution ran longer than its TimeoutSeconds of " + definition.timeoutSeconds();
            ObjectNode d = JsonValues.object();
            d.put("error", StatesError.TIMEOUT);
            d.put("cause", cause);
            appendUnbounded(HistoryEventType.EXECUTION_TIMED_OUT, null, d);
            return new Execution(name, ExecutionStatus.TIMED_OUT, input, null, StatesError.TIMEOUT, cause, history);
        }

        private boolean timedOut() {
            return deadline != null && !clock.instant().isBefore(deadline);
        }

        /** Runs one state, with its retriers and catchers. Throws the error that ends the execution. */
        private Step runState(String name, JsonNode state, String type, JsonNode raw) throws InterruptedException {
            JsonNode retry = state.path("Retry");
            int[] attempts = new int[retry.size()];
            int retries = 0;
            while (true) {
                try {
                    return attempt(name, state, type, raw);
                } catch (StatesError e) {
                    if (e instanceof ExecutionTimedOut) {
                        throw e;
                    }
                    ObjectNode failed = JsonValues.object();
                    failed.put("error", e.error());
                    failed.put("cause", e.errorCause());
                    record(HistoryEventType.STATE_FAILED, name, failed);
                    boolean inTask = type.equals("Task");
                    Duration delay = retryDelay(retry, attempts, e, inTask);
                    if (delay != null) {
                        retries++;
                        ObjectNode d = JsonValues.object();
                        d.put("attempt", retries);
                        d.put("delayMillis", delay.toMillis());
                        d.put("error", e.error());
                        record(HistoryEventType.STATE_RETRIED, name, d);
                        pause(delay);
                        ((ObjectNode) context.get("State")).put("RetryCount", retries);
                        continue;
                    }
                    for (JsonNode catcher : state.path("Catch")) {
                        if (e.matches(names(catcher.get("ErrorEquals")), inTask)) {
                            ObjectNode errorOutput = JsonValues.object();
                            errorOutput.put("Error", e.error());
                            if (e.errorCause() != null) {
                                errorOutput.put("Cause", e.errorCause());
                            }
                            JsonNode output = resultPath(catcher, raw, errorOutput);
                            ObjectNode d = JsonValues.object();
                            d.put("error", e.error());
                            d.put("next", catcher.get("Next").textValue());
                            record(HistoryEventType.STATE_CAUGHT, name, d);
                            return new Step(output, catcher.get("Next").textValue());
                        }
                    }
                    throw e;
                }
            }
        }

        /** The pause before the next attempt, or null when no retrier takes this error. */
        private Duration retryDelay(JsonNode retry, int[] attempts, StatesError e, boolean inTask) {
            for (int i = 0; i < retry.size(); i++) {
                JsonNode r = retry.get(i);
                if (!e.matches(names(r.get("ErrorEquals")), inTask)) {
                    continue;
                }
                int maxAttempts = r.path("MaxAttempts").asInt(3);
                if (attempts[i] >= maxAttempts) {
                    return null;
                }
                double seconds = r.path("IntervalSeconds").asDouble(1) * Math.pow(r.path("BackoffRate").asDouble(2.0), attempts[i]);
                if (r.has("MaxDelaySeconds")) {
                    seconds = Math.min(seconds, r.get("MaxDelaySeconds").asDouble());
                }
                long millis = Math.round(Math.min(seconds, 1e9) * 1000);
                if ("FULL".equals(r.path("JitterStrategy").asText("NONE"))) {
                    millis = Math.round(random.nextDouble() * millis);
                }
                attempts[i]++;
                return Duration.ofMillis(millis);
            }
            return null;
        }

        private Step attempt(String name, JsonNode state, String type, JsonNode raw) throws InterruptedException {
            String next = state.path("End").asBoolean(false) ? null : state.path("Next").textValue();
            switch (type) {
                case "Pass" -> {
                    JsonNode effective = parameters(state, inputPath(state, raw));
                    JsonNode result = state.has("Result") ? state.get("Result") : effective;
                    return new Step(outputPath(state, resultPath(state, raw, result)), next);
                }
                case "Task" -> {
                    JsonNode effective = parameters(state, inputPath(state, raw));
                    JsonNode result = invoke(name, state, effective, raw);
                    if (state.has("ResultSelector")) {
                        result = PayloadTemplate.apply(state.get("ResultSelector"), result, context, random);
                    }
                    return new Step(outputPath(state, resultPath(state, raw, result)), next);
                }
                case "Choice" -> {
                    JsonNode effective = inputPath(state, raw);
                    String chosen = null;
                    for (JsonNode rule : state.get("Choices")) {
                        if (ChoiceRules.matches(rule, effective, context)) {
                            chosen = rule.get("Next").textValue();
                            break;
                        }
                    }
                    if (chosen == null) {
                        chosen = state.path("Default").textValue();
                    }
                    if (chosen == null) {
                        throw new StatesError(StatesError.NO_CHOICE_MATCHED, "No choice rule matched and there is no Default");
                    }
                    return new Step(outputPath(state, effective), chosen);
                }
                case "Wait" -> {
                    JsonNode effective = inputPath(state, raw);
                    Duration wait = waitDuration(state, effective);
                    ObjectNode d = JsonValues.object();
                    d.put("seconds", wait.toMillis() / 1000.0);
                    d.put("until", clock.instant().plus(wait).toString());
                    record(HistoryEventType.WAIT_STARTED, name, d);
                    pause(wait);
                    return new Step(outputPath(state, effective), next);
                }
                case "Succeed" -> {
                    return new Step(outputPath(state, inputPath(state, raw)), null);
                }
                case "Fail" -> throw StatesError.failState(failField(state, "Error", raw), failField(state, "Cause", raw));
                default -> throw new IllegalStateException("validated definitions hold no " + type + " state");
            }
        }

        private String failField(JsonNode state, String field, JsonNode raw) {
            if (state.has(field)) {
                return state.get(field).textValue();
            }
            JsonNode path = state.get(field + "Path");
            if (path == null) {
                return null;
            }
            String expression = path.textValue();
            JsonNode value = JsonPaths.isPath(expression) ? JsonPaths.read(expression, raw, context)
                    : Intrinsics.evaluate(expression, raw, context, random);
            if (!value.isTextual()) {
                throw StatesError.runtime(field + "Path '" + expression + "' must select a string, got " + JsonValues.typeOf(value));
            }
            return value.textValue();
        }

        private Duration waitDuration(JsonNode state, JsonNode effective) {
            if (state.has("Seconds")) {
                return Duration.ofSeconds(state.get("Seconds").longValue());
            }
            if (state.has("SecondsPath")) {
                String path = state.get("SecondsPath").textValue();
                JsonNode v = JsonPaths.read(path, effective, context);
                if (!v.isNumber() || v.decimalValue().stripTrailingZeros().scale() > 0 || v.longValue() < 0) {
                    throw StatesError.runtime("SecondsPath '" + path + "' must select a non-negative integer, got " + JsonValues.write(v));
                }
                return Duration.ofSeconds(v.longValue());
            }
            JsonNode ts = state.has("Timestamp") ? state.get("Timestamp")
                    : JsonPaths.read(state.get("TimestampPath").textValue(), effective, context);
            if (!ChoiceRules.isTimestamp(ts)) {
                throw StatesError.runtime("TimestampPath '" + state.get("TimestampPath").textValue()
                        + "' must select an RFC 3339 timestamp, got " + JsonValues.write(ts));
            }
            Duration d = Duration.between(clock.instant(), OffsetDateTime.parse(ts.textValue()).toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        }

        /** Sleeps, cut short by the execution's deadline (then the execution times out). */
        private void pause(Duration d) throws InterruptedException {
            if (deadline != null) {
                Duration left = Duration.between(clock.instant(), deadline);
                if (d.compareTo(left) >= 0) {
                    sleeper.sleep(left.isNegative() ? Duration.ZERO : left);
                    throw new ExecutionTimedOut();
                }
            }
            sleeper.sleep(d);
        }

        private JsonNode invoke(String name, JsonNode state, JsonNode effective, JsonNode raw) throws InterruptedException {
            String resource = state.get("Resource").textValue();
            boolean lambdaInvoke = AslDefinition.LAMBDA_INVOKE.equals(resource);
            String key;
            JsonNode payload;
            if (lambdaInvoke) {
                if (!effective.isObject() || !effective.path("FunctionName").isTextual()) {
                    throw StatesError.runtime("a lambda:invoke task needs a string FunctionName in its Parameters");
                }
                key = effective.get("FunctionName").textValue();
                payload = effective.has("Payload") ? effective.get("Payload") : JsonValues.object();
            } else {
                key = resource;
                payload = effective;
            }
            ObjectNode scheduled = JsonValues.object();
            scheduled.put("resource", resource);
            scheduled.put("function", key);
            scheduled.set("payload", payload);
            record(HistoryEventType.TASK_SCHEDULED, name, scheduled);
            TaskHandler handler = handlers.get(key);
            if (handler == null) {
                throw taskFailed(name, "Lambda.ResourceNotFoundException",
                        LambdaErrors.cause("Lambda.ResourceNotFoundException", "Function not found: " + key));
            }
            Long timeout = taskTimeout(state, raw);
            Instant started = clock.instant();
            JsonNode out;
            try {
                out = timeout == null ? handler.handle(payload.deepCopy()) : withTimeout(handler, payload.deepCopy(), timeout);
            } catch (TimeoutException e) {
                throw taskTimedOut(name, timeout);
            } catch (TaskFailedException e) {
                throw taskFailed(name, e.error(), e.errorCause());
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception | Error e) {
                Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                if (t instanceof TaskFailedException tf) {
                    throw taskFailed(name, tf.error(), tf.errorCause());
                }
                throw taskFailed(name, LambdaErrors.errorName(t), LambdaErrors.cause(t));
            }
            if (timeout != null && Duration.between(started, clock.instant()).compareTo(Duration.ofSeconds(timeout)) > 0) {
                throw taskTimedOut(name, timeout);
            }
            out = out == null ? JsonValues.NODES.nullNode() : out;
            record(HistoryEventType.TASK_SUCCEEDED, name, details("output", out));
            if (!lambdaInvoke) {
                return out;
            }
            ObjectNode wrapped = JsonValues.object();
            wrapped.put("ExecutedVersion", "$LATEST");
            wrapped.set("Payload", out);
            wrapped.put("StatusCode", 200);
            return wrapped;
        }

        private JsonNode withTimeout(TaskHandler handler, JsonNode payload, long seconds)
                throws InterruptedException, ExecutionException, TimeoutException {
            Future<JsonNode> future = taskThreads.submit(() -> handler.handle(payload));
            try {
                return future.get(seconds, TimeUnit.SECONDS);
            } catch (TimeoutException | InterruptedException e) {
                future.cancel(true);
                throw e;
            }
        }

        private Long taskTimeout(JsonNode state, JsonNode raw) {
            if (state.has("TimeoutSeconds")) {
                return state.get("TimeoutSeconds").longValue();
            }
            if (state.has("TimeoutSecondsPath")) {
                String path = state.get("TimeoutSecondsPath").textValue();
                JsonNode v = JsonPaths.read(path, raw, context);
                if (!v.isIntegralNumber() || v.longValue() < 1) {
                    throw StatesError.runtime("TimeoutSecondsPath '" + path + "' must select a positive integer, got " + JsonValues.write(v));
                }
                return v.longValue();
            }
            return null;
        }

        private StatesError taskFailed(String state, String error, String cause) {
            ObjectNode d = JsonValues.object();
            d.put("error", error);
            d.put("cause", cause);
            record(HistoryEventType.TASK_FAILED, state, d);
            return new StatesError(error, cause);
        }

        private StatesError taskTimedOut(String state, long seconds) {
            String cause = "the task ran longer than its TimeoutSeconds of " + seconds;
            ObjectNode d = JsonValues.object();
            d.put("error", StatesError.TIMEOUT);
            d.put("cause", cause);
            record(HistoryEventType.TASK_TIMED_OUT, state, d);
            return new StatesError(StatesError.TIMEOUT, cause);
        }

        private JsonNode inputPath(JsonNode state, JsonNode raw) {
            if (!state.has("InputPath")) {
                return raw;
            }
            JsonNode p = state.get("InputPath");
            return p.isNull() ? JsonValues.object() : JsonPaths.read(p.textValue(), raw, context);
        }

        private JsonNode parameters(JsonNode state, JsonNode effective) {
            return state.has("Parameters") ? PayloadTemplate.apply(state.get("Parameters"), effective, context, random) : effective;
        }

        private JsonNode resultPath(JsonNode holder, JsonNode raw, JsonNode result) {
            if (!holder.has("ResultPath")) {
                return result;
            }
            JsonNode p = holder.get("ResultPath");
            if (p.isNull()) {
                return raw;
            }
            return ReferencePath.parse(p.textValue()).place(raw, result);
        }

        private JsonNode outputPath(JsonNode state, JsonNode output) {
            if (!state.has("OutputPath")) {
                return output;
            }
            JsonNode p = state.get("OutputPath");
            return p.isNull() ? JsonValues.object() : JsonPaths.read(p.textValue(), output, context);
        }

        private ObjectNode details(String field, JsonNode value) {
            ObjectNode d = JsonValues.object();
            d.set(field, value);
            return d;
        }

        private void record(HistoryEventType type, String state, ObjectNode details) {
            if (history.size() >= maxHistoryEvents - 1) {
                throw new HistoryFull();
            }
            appendUnbounded(type, state, details);
        }

        private void appendUnbounded(HistoryEventType type, String state, ObjectNode details) {
            HistoryEvent event = new HistoryEvent(history.size() + 1L, clock.instant(), type, state, details.deepCopy());
            history.add(event);
            for (ExecutionListener l : listeners) {
                l.onEvent(name, event);
            }
        }
    }

    private record Step(JsonNode output, String next) {
    }

    private static List<String> names(JsonNode errorEquals) {
        List<String> names = new ArrayList<>();
        errorEquals.forEach(n -> names.add(n.textValue()));
        return names;
    }

    /** Raised inside a pause when the execution's own TimeoutSeconds runs out. */
    private static final class ExecutionTimedOut extends StatesError {
        ExecutionTimedOut() {
            super(TIMEOUT, "execution timed out");
        }
    }

    private static final class HistoryFull extends RuntimeException {
        HistoryFull() {
            super(null, null, false, false);
        }
    }
}
