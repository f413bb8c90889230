package dev.refinery.aws.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.refinery.aws.Wiring;
import dev.refinery.application.Outcomes;
import dev.refinery.aws.observability.Observability;
import dev.refinery.application.ports.Telemetry;
import dev.refinery.application.ports.SessionEvent;
import dev.refinery.domain.RefineryException;
import dev.refinery.engine.CallDeadline;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * Common shape of the stage Lambdas: parse the state's JSON, call one RefinementService method,
 * answer small JSON. Errors propagate unchanged — the state machine's Retry/Catch match the
 * exception's class name — after the full reason (message and hint) is recorded on the session,
 * because Lambda reports only the message.
 */
public abstract class StageHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger LOG = LogManager.getLogger(StageHandler.class);
    private final Supplier<Wiring> wiring;

    protected StageHandler(Supplier<Wiring> wiring) {
        this.wiring = wiring;
    }

    protected Wiring wiring() {
        return wiring.get();
    }

    protected abstract String stageId();

    protected abstract Map<String, Object> run(StageInput in);

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return Observability.logged(context, () -> handle(input, context));
    }

    private Map<String, Object> handle(Map<String, Object> input, Context context) {
        StageInput in = StageInput.from(input);
        ThreadContext.put("tenant", in.tenant());
        ThreadContext.put("sessionId", in.sessionId());
        ThreadContext.put("stage", stageId());
        long t0 = System.nanoTime();
        try {
            // model calls take their timeout from what this invocation has left (CallDeadline)
            Duration remaining = context == null ? null : Duration.ofMillis(context.getRemainingTimeInMillis());
            Map<String, Object> out = CallDeadline.within(remaining, () -> run(in));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            LOG.info("stage {} done in {} ms: {}", stageId(), millis, out);
            wiring().telemetry().stageEnded(in.tenant(), stageId(), String.valueOf(out.getOrDefault(ENGINE, "unknown")),
                    Boolean.TRUE.equals(out.get(APPROVED)) ? Telemetry.StageOutcome.APPROVED : Telemetry.StageOutcome.REJECTED,
                    millis, out.get(COST) instanceof Number n ? n.doubleValue() : 0, null);
            return out;
        } catch (RuntimeException e) {
            wiring().telemetry().stageEnded(in.tenant(), stageId(), "unknown", Telemetry.StageOutcome.ERROR,
                    (System.nanoTime() - t0) / 1_000_000, 0, e.getClass().getSimpleName());
            if (e instanceof RefineryException r) {
                LOG.warn("stage {} failed: {} ({}, retryable={})", stageId(), r.reason(), r.getClass().getName(), r.retryable());
                recordError(in, r);
            }
            throw e;
        } finally {
            ThreadContext.clearMap();
        }
    }

    private void recordError(StageInput in, RefineryException e) {
        try {
            wiring().events().append(new SessionEvent(in.tenant(), in.sessionId(), wiring().clock().instant(), Outcomes.STAGE_ERROR,
                    Map.of("stage", stageId(), "error", e.getClass().getName(), "reason", e.reason(), "retryable", String.valueOf(e.retryable()))));
        } catch (RuntimeException recordFailed) {
            e.addSuppressed(recordFailed);
        }
    }

    /** Keys of a stage's answer that telemetry reads (the state machine reads the others). */
    static final String APPROVED = "approved", ENGINE = "engine", COST = "costUsd";

    static Map<String, Object> versionResult(StageInput in, String stage, dev.refinery.pipeline.StageOutcome o) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("tenant", in.tenant());
        out.put("sessionId", in.sessionId());
        out.put("stage", stage);
        out.put("version", o.version().number());
        out.put(APPROVED, o.approved());
        out.put(ENGINE, o.version().engine());
        out.put(COST, o.version().costUsd());
        return out;
    }
}
