package dev.refinery.aws.handlers;

import dev.refinery.aws.Wiring;
import dev.refinery.domain.Stage;

/** The background stage Lambda. */
public final class BackgroundStageHandler extends EditStageHandler {
    public BackgroundStageHandler() {
        super(Stage.BACKGROUND, Priming.stages());
    }

    public BackgroundStageHandler(Wiring wiring) {
        super(Stage.BACKGROUND, () -> wiring);
    }
}
