package dev.refinery.openai;

import dev.refinery.color.Masks;
import dev.refinery.domain.Preset;
import dev.refinery.engine.CutoutReconciliation;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ghost-mannequin effect's geometry and words, apart from the two calls the engine makes: the garment cut out by
 * the image model without the mannequin (held inside the classic cut-out, which keeps garment and mannequin alike),
 * and the neck opening the mannequin leaves — filled by a masked edit with the garment's inside while every pixel of
 * the garment stays the seller's.
 */
final class GhostMannequin {
    /** The neck opening is looked for in this upper share of the garment's height. */
    static final double NECK_SHARE = 0.35;

    private GhostMannequin() {
    }

    static boolean wanted(List<Preset> presets) {
        return presets.stream().anyMatch(p -> Preset.GHOST_MANNEQUIN.equals(p.studio()));
    }

    static String cutoutPrompt(PromptTemplate t, Map<String, String> facts, Map<String, String> hints) {
        return PromptBuilder.cutout(t, facts, hints).replace("Cut the product out of this photo:",
                "The product is the garment; the mannequin it is shown on, the mannequin's neck and shoulders where they show, its "
                        + "stand and base are not product. Cut the garment out of this photo:");
    }

    static String fillPrompt() {
        return "Ghost-mannequin effect: the garment was photographed on a mannequin that has been removed. In the transparent "
                + "area of the mask only, paint the inside of the garment as it would be seen through its neck opening: the inner "
                + "back of the same fabric in the same colour, a little darker in shade, with the collar's inner edge continuing "
                + "round. Do not add a label, logo or text. Everything outside the transparent area stays exactly as it is.";
    }

    /**
     * The garment's own cut-out, held inside the classic one: pieces the model kept that the classic cut-out left out
     * beyond the outline's band are its disagreement (measured as {@link CutoutReconciliation} measures it); what the
     * classic cut-out has and the model left out is the mannequin.
     */
    record Garment(float[] alpha, CutoutReconciliation.Disagreement beyond, double mannequinShare) {
        Map<String, Double> metrics(int w, int h) {
            Map<String, Double> m = new java.util.LinkedHashMap<>(beyond.metrics(w, h));
            m.put("ghost.mannequinShare", mannequinShare);
            return m;
        }
    }

    static Garment garment(float[] classic, float[] ai, int w, int h) {
        int n = w * h;
        boolean[] beyond = new boolean[n];
        long garment = 0, removed = 0;
        for (int i = 0; i < n; i++) {
            boolean c = classic[i] >= 0.5f, a = ai[i] >= 0.5f;
            beyond[i] = a && !c;
            if (a) {
                garment++;
            }
            if (c && !a) {
                removed++;
            }
        }
        return new Garment(ai.clone(), CutoutReconciliation.beyondBand(beyond, Masks.boundingBox(ai, w, h, 0.5), garment, w, h),
                garment == 0 ? 0 : removed / (double) garment);
    }

    /**
     * The neck opening: in the garment's upper {@link #NECK_SHARE}, what lies between the garment's leftmost and
     * rightmost pixel on the same row, is not garment, and was seen by the classic cut-out (the mannequin's neck or
     * chest inside the collar, not the wall behind), thicker than a sliver. A neck column rising above a closed collar
     * has no garment beside it on its rows, so it is removed, not filled.
     */
    static boolean[] neckOpening(float[] garment, float[] classic, int w, int h) {
        Rectangle box = Masks.boundingBox(garment, w, h, 0.5);
        boolean[] out = new boolean[w * h];
        if (box.isEmpty()) {
            return out;
        }
        int yMax = Math.min(h, box.y + (int) Math.round(NECK_SHARE * box.height));
        for (int y = box.y; y < yMax; y++) {
            int left = -1, right = -1;
            for (int x = box.x; x < box.x + box.width; x++) {
                if (garment[y * w + x] >= 0.5f) {
                    if (left < 0) {
                        left = x;
                    }
                    right = x;
                }
            }
            for (int x = left + 1; left >= 0 && x < right; x++) {
                int i = y * w + x;
                out[i] = garment[i] < 0.5f && classic[i] >= 0.5f;
            }
        }
        // slivers where the two cut-outs' edges differ by a pixel or two are no opening: only what is thicker than
        // 1 % of the garment's width on every side is
        return CutoutReconciliation.open(out, w, h, Math.max(2, (int) Math.round(SLIVER_SHARE * box.width)));
    }

    /** Half the thickness, as a share of the garment's width, below which a gap in the garment is a sliver, not an opening. */
    static final double SLIVER_SHARE = 0.01;

    /** The request's edit mask: transparent (the model's to paint) on the opening, opaque elsewhere. */
    static BufferedImage fillMask(boolean[] opening, int w, int h) {
        BufferedImage m = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int i = 0; i < opening.length; i++) {
            m.setRGB(i % w, i / w, opening[i] ? 0 : 0xFF000000);
        }
        return m;
    }

    /** The seller's garment, the model's fill in the opening; alpha the garment's, and 1 over the opening. */
    static BufferedImage compose(BufferedImage photo, float[] garment, BufferedImage filled, boolean[] opening) {
        int w = photo.getWidth(), h = photo.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int i = 0; i < garment.length; i++) {
            int x = i % w, y = i / w;
            float a = opening[i] ? 1f : Math.max(0, Math.min(1, garment[i]));
            int rgb = (opening[i] && filled != null ? filled.getRGB(x, y) : photo.getRGB(x, y)) & 0xFFFFFF;
            out.setRGB(x, y, Math.round(a * 255) << 24 | rgb);
        }
        return out;
    }

    static String summary(double mannequinShare, double fillShare) {
        return String.format(Locale.ROOT, "ghost mannequin: the mannequin removed (%.0f%% of the garment's area), the neck opening filled "
                + "(%.1f%% of it)", mannequinShare * 100, fillShare * 100);
    }
}
