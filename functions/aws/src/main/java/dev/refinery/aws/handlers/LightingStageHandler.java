package dev.refinery.aws.handlers;

import dev.refinery.aws.Wiring;
import dev.refinery.domain.Stage;

/** The lighting stage Lambda. */
public final class LightingStageHandler extends EditStageHandler {
    public LightingStageHandler() {
        super(Stage.LIGHTING, Priming.stages());
    }

    public LightingStageHandler(Wiring wiring) {
        super(Stage.LIGHTING, () -> wiring);
    }
}
