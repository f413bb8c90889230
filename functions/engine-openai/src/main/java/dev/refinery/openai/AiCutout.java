package dev.refinery.openai;

import dev.refinery.color.ArgbPixels;
import dev.refinery.domain.Preset;
import dev.refinery.engine.CutoutReconciliation;
import dev.refinery.engine.ProductSegmenter;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The background stage's AI cut-out, apart from the call itself: whether it is asked for, what the model's answer
 * gives (an alpha over the photo, or why it cannot be used), and the cut-out handed on — the seller's own pixels
 * under the reconciliation of the model's alpha with the classic segmenter's ({@link CutoutReconciliation}).
 *
 * <p>The answer's colours are never used: the product lock composites the photo's pixels, so nothing the model
 * redrew reaches the final, and the cut-out is judged by the quality check against the seller's photo as any other.
 */
final class AiCutout {
    /** The hint that asks for it on one run (a feedback round, a test), whatever the presets say. */
    static final String HINT = "cutout";

    /** An answer whose alpha is below this in fewer than this share of its pixels kept the whole frame: opaque. */
    static final double MIN_TRANSPARENT_SHARE = 0.001;

    private AiCutout() {
    }

    /**
     * Asked for by the hint {@code cutout=ai|classic} first, then by the deployment ({@code REFINERY_OPENAI_CUTOUT},
     * {@code configured}; null when unset), then by one of the session's presets ({@code "cutout": "ai"}).
     */
    static boolean wanted(List<Preset> presets, Map<String, String> hints, String configured) {
        String hint = hints.get(HINT);
        if (hint != null) {
            return hint.equals("ai");
        }
        if (configured != null) {
            return configured.equals("ai");
        }
        return presets.stream().anyMatch(p -> p.cutout() == Preset.Cutout.AI);
    }

    /** The model's alpha over the source, or why it cannot be used: returned opaque (no alpha below 255), or empty. */
    record Reading(float[] alpha, String unusable) {
    }

    static Reading read(RequestFrame frame, BufferedImage answer) {
        float[] alpha = frame.unpadAlpha(answer);
        if (alpha == null) {
            return new Reading(null, "the model's answer came back opaque (no alpha channel)");
        }
        long transparent = 0, kept = 0;
        for (float a : alpha) {
            if (a < 254.5f / 255f) {
                transparent++;
            }
            if (a >= 0.5f) {
                kept++;
            }
        }
        if (transparent < MIN_TRANSPARENT_SHARE * alpha.length) {
            return new Reading(null, "the model's answer came back opaque (no alpha below 255 over the photo)");
        }
        if (kept == 0) {
            return new Reading(null, "the model's answer kept nothing of the photo (fully transparent)");
        }
        return new Reading(alpha, null);
    }

    /** The cut-out handed on when the model's answer is used: the photo's pixels under the reconciled alpha. */
    static BufferedImage composite(BufferedImage photo, CutoutReconciliation.Result reconciled) {
        return ImageOps.withAlpha(photo, reconciled.alpha());
    }

    static CutoutReconciliation.Result reconcile(BufferedImage photo, ProductSegmenter.Segmentation classic, float[] ai) {
        int w = photo.getWidth(), h = photo.getHeight();
        return CutoutReconciliation.reconcile(ArgbPixels.read(photo), w, h, classic.alpha(), ai);
    }

    /** What the version records about the cut-out beside the call's own parameters. */
    static Map<String, String> params(CutoutReconciliation.Result r, String fallback) {
        Map<String, String> p = new LinkedHashMap<>();
        if (fallback != null) {
            p.put("cutout", "classic (the AI cut-out fell back)");
            p.put("cutout.fallback", fallback);
        } else {
            p.put("cutout", "ai+classic");
            p.put("cutout.kept", r.chosen());
            p.put("cutout.reconciliation", r.summary());
        }
        return p;
    }
}
