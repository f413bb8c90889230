package dev.refinery.aws.handlers;

import dev.refinery.aws.Wiring;
import dev.refinery.domain.Stage;
import dev.refinery.pipeline.CheckOutcome;
import java.util.LinkedHashMap;
import java.util.Map;

/** The quality check Lambda: judges this iteration's renditions and says which stage can repair a failure. */
public final class QualityCheckStageHandler extends StageHandler {
    public QualityCheckStageHandler() {
        super(Priming.stages());
    }

    public QualityCheckStageHandler(Wiring wiring) {
        super(() -> wiring);
    }

    @Override
    protected String stageId() {
        return Stage.QUALITY_CHECK.id();
    }

    @Override
    protected Map<String, Object> run(StageInput in) {
        CheckOutcome c = wiring().service().check(in.tenant(), in.sessionId(), in.iteration());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("passed", c.passed());
        out.put("repairStage", c.repairStage() == null ? null : c.repairStage().id());
        out.put("feedback", c.feedback());
        out.put("hints", new LinkedHashMap<>(c.hints()));
        out.put("summary", c.passed() ? "passed" : c.summary());
        // the checks that failed, for the NEEDS_REVIEW reasons the publisher counts (NeedsReviewChecks)
        out.put("failedChecks", c.reports().stream().flatMap(r -> r.failures().stream()).map(f -> f.check()).distinct().toList());
        out.put(APPROVED, c.passed());
        out.put(ENGINE, "check");
        return out;
    }
}
