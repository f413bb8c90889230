package dev.refinery.quality;

import dev.refinery.engine.CutoutReconciliation;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The check's reading of an AI cut-out reconciled with the classic one: {@code cutout-ai-disagrees}. */
public final class AiCutoutDisagreement {
    private AiCutoutDisagreement() {
    }

    /**
     * An AI cut-out that the classic one contradicts beyond the outline's band (recorded by the openai engine's
     * background step, {@link CutoutReconciliation}): one of them kept a part the other left out, and the photo
     * cannot say which. No automatic repair — asking again would pay for the same guess — so the session goes to
     * review with the region marked.
     */
    public static List<Finding> judge(Map<String, Double> background) {
        Double share = background.get(CutoutReconciliation.DISAGREEMENT);
        if (share == null || share.isNaN()) {
            return List.of();
        }
        String expected = "<= " + CutoutReconciliation.MAX_DISAGREEMENT + " of the product";
        if (share <= CutoutReconciliation.MAX_DISAGREEMENT) {
            return List.of(Finding.pass("cutout-ai-disagrees", share, expected));
        }
        List<Region> where = List.of();
        Double x = background.get(CutoutReconciliation.REGION_X), y = background.get(CutoutReconciliation.REGION_Y),
                rw = background.get(CutoutReconciliation.REGION_W), rh = background.get(CutoutReconciliation.REGION_H);
        if (x != null && y != null && rw != null && rh != null && rw > 0 && rh > 0) {
            double fx = Math.max(0, Math.min(1, x)), fy = Math.max(0, Math.min(1, y));
            where = List.of(new Region(fx, fy, Math.min(rw, 1 - fx), Math.min(rh, 1 - fy)));
        }
        return List.of(new Finding("cutout-ai-disagrees", false, share, expected, String.format(Locale.ROOT,
                "the image model's cut-out and the classic one disagree on %.1f%% of the product (the marked region): one of them kept "
                        + "something the other left out — a part of the product, or a piece of the table, a prop or a shadow; review the "
                        + "cut-out against the photo, or photograph the product alone on a plain backdrop that contrasts with it",
                share * 100), null, Map.of(), where));
    }

}
