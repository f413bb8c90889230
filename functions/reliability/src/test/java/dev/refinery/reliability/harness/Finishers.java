package dev.refinery.reliability.harness;

import dev.refinery.domain.Preset;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.Rendition;
import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.Map;

/** Finishers that steer the quality check, so the fix-up loop runs. */
public final class Finishers {
    private Finishers() {
    }

    /**
     * Frames the product too small (fill 0.6) unless the quality check's repair hint names the
     * fill: iteration 0 fails the framing check, the loop sends it back to Finalize with
     * {@code fill=target}, iteration 1 passes.
     */
    public static Finisher framesTooSmallUntilTold(Finisher delegate) {
        return (BufferedImage master, Preset preset, Map<String, String> hints) -> {
            if (hints.containsKey("fill")) {
                return delegate.render(master, preset, hints);
            }
            Map<String, String> small = new HashMap<>(hints);
            small.put("fill", "0.6");
            Rendition r = delegate.render(master, preset, small);
            return r;
        };
    }
}
