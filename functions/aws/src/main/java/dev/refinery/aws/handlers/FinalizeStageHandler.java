package dev.refinery.aws.handlers;

import dev.refinery.aws.Wiring;
import dev.refinery.domain.Stage;
import dev.refinery.pipeline.CheckOutcome;
import dev.refinery.pipeline.StageOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The finalize stage Lambda: renders the head for every preset of the session. */
public final class FinalizeStageHandler extends StageHandler {
    public FinalizeStageHandler() {
        super(Priming.stages());
    }

    public FinalizeStageHandler(Wiring wiring) {
        super(() -> wiring);
    }

    @Override
    protected String stageId() {
        return Stage.FINALIZE.id();
    }

    @Override
    protected Map<String, Object> run(StageInput in) {
        // Finalize's corrections reach it whether it is the repair stage or runs after an earlier one.
        // A feedback round's plan carries framing for it too (finalize.fill, finalize.shadow), also when the round only reframes.
        boolean carried = in.repairStage() != null || StageInput.FEEDBACK_ROUND.equals(in.mode());
        Map<String, String> hints = !carried ? Map.of()
                : CheckOutcome.finalizeHints(in.repairs(Stage.FINALIZE) ? Stage.FINALIZE : null, in.hints());
        List<StageOutcome> outcomes = wiring().service().finalizeAll(in.tenant(), in.sessionId(), in.iteration(), hints);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", in.tenant());
        out.put("sessionId", in.sessionId());
        out.put("stage", stageId());
        out.put("versions", outcomes.stream().map(o -> o.version().number()).toList());
        out.put(APPROVED, true);
        out.put(ENGINE, outcomes.isEmpty() ? "none" : outcomes.get(0).version().engine());
        out.put(COST, outcomes.stream().mapToDouble(o -> o.version().costUsd()).sum());
        return out;
    }
}
