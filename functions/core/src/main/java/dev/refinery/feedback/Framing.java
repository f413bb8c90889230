package dev.refinery.feedback;

import dev.refinery.domain.Preset;
import dev.refinery.domain.Stage;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * "Bigger" and "smaller": a framing step every engine plans the same way, because the deterministic finisher
 * frames every engine's renditions (fill within each preset's range, from the current finals' fill).
 */
public final class Framing {
    /** A bigger or smaller product changes fill by this much (the dialogue bar asks ≥ 0.02), within the preset's range. */
    static final double FILL_STEP = 0.03, MIN_FILL_CHANGE = 0.02;
    /**
     * How far below the preset's largest fill a bigger product stays: the enlarged product's edge (Catmull-Rom
     * over a hard cut-out edge) reaches a pixel or two past the requested size, and at amazon-main's limit (0.90) the
     * check measured 0.901 and reset the seller's "bigger" to the preset's target (make dialogues ENGINE=openai, pl-019).
     */
    public static final double FILL_MARGIN = 0.005;

    private Framing() {
    }

    /** Bigger or smaller within every preset's fill range, from the current finals' fill; declined when the range leaves no room. */
    public static void plan(String c, boolean bigger, PlanContext ctx, List<FeedbackPlan.Step> steps, List<FeedbackPlan.Declined> declined) {
        double target = bigger ? 1 : 0;
        StringBuilder from = new StringBuilder();
        for (Preset p : ctx.presets()) {
            double current = ctx.currentFill().getOrDefault(p.id(), p.fill().target());
            // only the upper limit needs the margin: the enlarged edge only ever adds to the measured size
            double wanted = bigger ? Math.min(p.fill().max() - FILL_MARGIN, current + FILL_STEP) : Math.max(p.fill().min(), current - FILL_STEP);
            if (Math.abs(wanted - current) < MIN_FILL_CHANGE - 1e-9) {
                declined.add(new FeedbackPlan.Declined(c, String.format(Locale.ROOT, "%s already fills %.2f of the canvas and its rules allow %.2f–%.2f",
                        p.id(), current, p.fill().min(), p.fill().max())));
                return;
            }
            target = bigger ? Math.min(target, wanted) : Math.max(target, wanted);
            from.append(from.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f", p.id(), current));
        }
        if (ctx.presets().isEmpty()) {
            declined.add(new FeedbackPlan.Declined(c, "the session has no preset to frame for"));
            return;
        }
        steps.add(new FeedbackPlan.Step(c, bigger ? "framing.bigger" : "framing.smaller", Stage.FINALIZE,
                Map.of("fill", String.format(Locale.ROOT, "%.3f", target)), String.format(Locale.ROOT, "fill %s → %.3f", from, target)));
    }

}
