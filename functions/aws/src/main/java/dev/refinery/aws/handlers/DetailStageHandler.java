package dev.refinery.aws.handlers;

import dev.refinery.aws.Wiring;
import dev.refinery.domain.Stage;

/** The detail stage Lambda. */
public final class DetailStageHandler extends EditStageHandler {
    public DetailStageHandler() {
        super(Stage.DETAIL, Priming.stages());
    }

    public DetailStageHandler(Wiring wiring) {
        super(Stage.DETAIL, () -> wiring);
    }
}
