package dev.refinery.reliability.faults;

import dev.refinery.domain.Preset;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.ImageIngestor;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * Fault-injecting decorators of the ingestor (operation {@code ingest}, context: the file name) and
 * the finisher ({@code finish.<preset>}, context: the preset and its hints): the base and finalize
 * stages' own work, for stacks whose stores cannot be wrapped.
 */
public final class FaultyImaging {
    private FaultyImaging() {
    }

    public static ImageIngestor ingestor(ImageIngestor delegate, FaultPlan<Fault> plan) {
        return (bytes, fileName) -> Injector.call(plan, "ingest", fileName, () -> delegate.ingest(bytes, fileName));
    }

    public static Finisher finisher(Finisher delegate, FaultPlan<Fault> plan) {
        return (BufferedImage master, Preset preset, Map<String, String> hints) ->
                Injector.call(plan, "finish." + preset.id(), preset.id() + "/" + master.getWidth() + "x" + master.getHeight() + "/" + hints,
                        () -> delegate.render(master, preset, hints));
    }
}
