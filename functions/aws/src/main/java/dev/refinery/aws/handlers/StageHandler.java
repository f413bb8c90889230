package dev.refinery.aws.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.refinery.aws.Wiring;
import dev.refinery.aws.app.Outcomes;
import dev.refinery.aws.ports.SessionEvent;
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
        StageInput in = StageInput.from(input);
        ThreadContext.put("tenant", in.tenant());
        ThreadContext.put("sessionId", in.sessionId());
        ThreadContext.put("stage", stageId());
        try {
            long t0 = System.nanoTime();
            // model calls take their timeout from what this invocation has left (CallDeadline)
            Duration remaining = context == null ? null : Duration.ofMillis(context.getRemainingTimeInMillis());
            Map<String, Object> out = CallDeadline.within(remaining, () -> run(in));
            LOG.info("stage {} done in {} ms: {}", stageId(), (System.nanoTime() - t0) / 1_000_000, out);
            return out;
        } catch (RefineryException e) {
            LOG.warn("stage {} failed: {} ({}, retryable={})", stageId(), e.reason(), e.getClass().getName(), e.retryable());
            recordError(in, e);
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

    static Map<String, Object> versionResult(StageInput in, String stage, int version, boolean approved) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("tenant", in.tenant());
        out.put("sessionId", in.sessionId());
        out.put("stage", stage);
        out.put("version", version);
        out.put("approved", approved);
        return out;
    }
}
