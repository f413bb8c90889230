package dev.refinery.aws.handlers;

import dev.refinery.aws.Wiring;
import dev.refinery.domain.Stage;
import dev.refinery.pipeline.CheckOutcome;
import dev.refinery.pipeline.StageOutcome;
import java.util.Map;
import java.util.function.Supplier;

/** Lighting, background and detail: one editing stage each. */
public abstract class EditStageHandler extends StageHandler {
    private final Stage stage;

    protected EditStageHandler(Stage stage, Supplier<Wiring> wiring) {
        super(wiring);
        this.stage = stage;
    }

    @Override
    protected String stageId() {
        return stage.id();
    }

    @Override
    protected Map<String, Object> run(StageInput in) {
        boolean feedbackEdit = in.isFeedbackEdit(stage);
        boolean correct = feedbackEdit || in.repairs(stage);
        // a feedback edit takes the plan's hints for this stage; a repair the check's
        Map<String, String> hints = feedbackEdit ? CheckOutcome.planHints(stage, in.hints())
                : in.repairs(stage) ? CheckOutcome.repairHints(in.hints()) : Map.of();
        StageOutcome o = wiring().service().edit(in.tenant(), in.sessionId(), stage, in.iteration(),
                correct ? in.feedback() : null, hints, feedbackEdit);
        return versionResult(in, stage.id(), o);
    }
}
