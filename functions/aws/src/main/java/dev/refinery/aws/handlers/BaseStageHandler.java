package dev.refinery.aws.handlers;

import dev.refinery.aws.Wiring;
import dev.refinery.domain.Stage;
import dev.refinery.pipeline.StageOutcome;
import java.util.Map;

/** The base stage Lambda: ingests the upload (read only) or generates from the prompt. */
public final class BaseStageHandler extends StageHandler {
    public BaseStageHandler() {
        super(Priming.stages());
    }

    public BaseStageHandler(Wiring wiring) {
        super(() -> wiring);
    }

    @Override
    protected String stageId() {
        return Stage.BASE.id();
    }

    @Override
    protected Map<String, Object> run(StageInput in) {
        StageOutcome o = wiring().service().base(in.tenant(), in.sessionId());
        return versionResult(in, stageId(), o);
    }
}
