package dev.refinery.pipeline;

import static dev.refinery.pipeline.Lineage.lineage;

import dev.refinery.color.ArgbPixels;
import dev.refinery.color.Masks;
import dev.refinery.domain.Approval;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Stage;
import dev.refinery.quality.Finding;
import dev.refinery.quality.RequestedEffect;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Findings about a round as a whole, which no single rendition shows: a repair that re-cut the product
 * differently, an edit step that was rejected and never redone, a change the seller asked for that an edit did
 * not make (measured when the edit was recorded, {@link #requestedEffects}). The check adds them to every
 * preset's report.
 */
final class RoundFindings {
    private RoundFindings() {
    }

    /**
     * When a repair cut the product out again, how far the new cut-out agrees with the one it replaced.
     * A repair that moves the outline a little fixed an edge; one that changes a tenth of the product or
     * more decided between two different readings of the photo (a loose cut that took a prop of the
     * product's colours in, a strict one that dropped a pale part), and the check, which passed or failed
     * each on its own, cannot tell which reading is the product. In the photo lab a loose repair that grew
     * the cut-out from 483 to 1014 px wide passed every other check (pl-004, IoU 0.74 against the truth).
     * Null when the round cut once, or the cuts agree.
     */
    static Finding recutAgreement(List<ImageVersion> all, ImageVersion head, int round, DecodedImages decodedImages) {
        ImageVersion now = lineage(all, head).stream().filter(v -> v.stage() == Stage.BACKGROUND && v.slot().round() == round)
                .findFirst().orElse(null);
        if (now == null) {
            return null;
        }
        ImageVersion first = all.stream()
                .filter(v -> v.stage() == Stage.BACKGROUND && v.slot().round() == round && v.number() < now.number() && v.approval() == Approval.APPROVED)
                .min(Comparator.comparingInt(ImageVersion::number)).orElse(null);
        if (first == null) {
            return null;
        }
        BufferedImage a = decodedImages.load(first), b = decodedImages.load(now);
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return null;
        }
        double iou = Masks.iou(Masks.alphaOf(a), Masks.alphaOf(b));
        String expected = ">= " + MIN_RECUT_AGREEMENT + " overlap between the first cut-out and the repaired one";
        return iou >= MIN_RECUT_AGREEMENT ? null : new Finding("cutout-recut", false, iou, expected, String.format(Locale.ROOT,
                "the repair cut the product out differently from the first attempt (they overlap by only %.0f%%): one of them took in or left out "
                        + "a part the photo cannot settle (a prop of the product's colours, a pale part, a shadow); review the cut-out against the photo, "
                        + "or photograph the product alone on a plain backdrop that contrasts with it", iou * 100), null, Map.of());
    }

    /** Overlap between a first cut-out and its repair below which the repair is a different reading of the photo. */
    static final double MIN_RECUT_AGREEMENT = 0.90;

    /**
     * This round's edit steps whose output was rejected (an AI step whose product drifted, after its
     * retry) and never redone in the head's lineage: the final lacks a change the round was meant to
     * make, so it must not end COMPLETED as if it had it. Null when there are none.
     */
    static Finding rejectedSteps(List<ImageVersion> all, ImageVersion head, int round) {
        List<ImageVersion> chain = lineage(all, head);
        List<String> skipped = new ArrayList<>();
        for (ImageVersion v : all) {
            if (v.slot().round() != round || !Stage.EDIT_STAGES.contains(v.stage()) || v.approval() != Approval.REJECTED) {
                continue;
            }
            // redone: the stage again later in the round's lineage — a repair (a later iteration, which applies every
            // request of the stage) or the same request; another request of the stage (a later step) is not
            boolean redone = chain.stream().anyMatch(c -> c.stage() == v.stage() && c.number() > v.number()
                    && (c.slot().iteration() > v.slot().iteration() || c.slot().step() == v.slot().step()));
            if (!redone) {
                skipped.add("the " + v.stage().id() + " step (version " + v.number() + ") was rejected: " + (v.note() == null ? "no reason recorded" : v.note()));
            }
        }
        if (skipped.isEmpty()) {
            return null;
        }
        return new Finding("steps-applied", false, skipped.size(), "every edit step of the round applied",
                String.join("; ", skipped) + "; this final is made without that step's change: approve it as it is, "
                        + "or ask for the change again in a new round", null, Map.of());
    }

    /** Hint of a feedback step: the measurable changes it asks for ({@link RequestedEffect} ids, comma-separated). */
    static final String EXPECT = dev.refinery.feedback.FeedbackPlan.EXPECT;
    /** Param of a feedback edit whose output lacks a change the seller asked for: what was measured, in words. */
    static final String EFFECT_MISSED = "effect.missed";

    /**
     * Measures each change a feedback step asked for on the step's input and output ({@link RequestedEffect}):
     * {@code effect.<id>} with the measurement, and {@link #EFFECT_MISSED} listing those not made.
     */
    static Map<String, String> requestedEffects(String expected, java.awt.image.BufferedImage before, java.awt.image.BufferedImage after) {
        return requestedEffects(expected, before, after, Map.of());
    }

    /** As above, with the step's own hints (what a colour step was asked to move toward). */
    static Map<String, String> requestedEffects(String expected, java.awt.image.BufferedImage before, java.awt.image.BufferedImage after,
                                                Map<String, String> own) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> missed = new ArrayList<>();
        ArgbPixels b = ArgbPixels.of(before), a = ArgbPixels.of(after);
        for (String id : expected.split(",")) {
            RequestedEffect.of(id.strip()).ifPresent(e -> {
                RequestedEffect.Measured m = e.measure(b, a, own);
                out.put("effect." + e.id(), m.words());
                if (!m.met()) {
                    missed.add(m.words());
                }
            });
        }
        if (!missed.isEmpty()) {
            out.put(EFFECT_MISSED, String.join("; ", missed));
        }
        return out;
    }

    /**
     * This round's feedback edits that did not make a change the seller asked for (an image model that ignored the
     * instruction): the final must not end COMPLETED as if it had. A repair of the same stage is not measured (it
     * answers the check, not the seller), so it does not clear the finding. Null when there are none.
     */
    static Finding missedEffects(List<ImageVersion> all, int round) {
        List<String> missed = new ArrayList<>();
        for (ImageVersion v : all) {
            String m = v.params().get(EFFECT_MISSED);
            if (v.slot().round() == round && m != null) {
                missed.add("the " + v.stage().id() + " step (version " + v.number() + "): " + m);
            }
        }
        if (missed.isEmpty()) {
            return null;
        }
        return new Finding("feedback-effect", false, missed.size(), "every change asked for in the round made, as measured",
                String.join("; ", missed) + "; the final lacks that change: ask for it again (more strongly worded), or use the classic engine, "
                        + "whose steps make it by construction", null, Map.of());
    }
}
