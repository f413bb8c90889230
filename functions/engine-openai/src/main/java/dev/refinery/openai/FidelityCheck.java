package dev.refinery.openai;

import dev.refinery.color.Masks;
import dev.refinery.color.ProductColorComparison;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * After every AI step: is the product still the product of the previous approved version? Shape by
 * the overlap (IoU) of the two cut-outs, colour by CIEDE2000 between the products' grid-cell
 * colours. A step that fails keeps its numbers in the reason, so a seller sees how far it drifted.
 */
final class FidelityCheck {
    private FidelityCheck() {
    }

    record Result(double iou, double meanDeltaE, double maxDeltaE, int cells, List<String> problems) {
        Result {
            problems = List.copyOf(problems);
        }
    }

    static Result compare(BufferedImage before, float[] beforeMask, BufferedImage after, float[] afterMask,
                          double minIou, double maxDeltaE) {
        List<String> problems = new ArrayList<>();
        if (Masks.boundingBox(afterMask, after.getWidth(), after.getHeight(), 0.5).isEmpty()) {
            problems.add("no product could be found in the model's output");
            return new Result(0, Double.NaN, Double.NaN, 0, problems);
        }
        double iou = Masks.iou(beforeMask, afterMask);
        ProductColorComparison.Result c = ProductColorComparison.compare(before, beforeMask, after, afterMask);
        if (iou < minIou) {
            problems.add(String.format(Locale.ROOT,
                    "the product's shape drifted from the previous version: cut-out IoU %.3f, needs at least %.2f", iou, minIou));
        }
        if (c.cells() == 0) {
            problems.add("the product's colours could not be compared: no common area in the two cut-outs");
        } else if (c.meanDeltaE() > maxDeltaE) {
            problems.add(String.format(Locale.ROOT,
                    "the product's colours drifted from the previous version: CIEDE2000 mean %.2f (worst area %.2f), allowed %.1f",
                    c.meanDeltaE(), c.maxDeltaE(), maxDeltaE));
        }
        return new Result(iou, c.meanDeltaE(), c.maxDeltaE(), c.cells(), problems);
    }

    /**
     * For a scene, where no segmenter can be trusted to find the product in a busy picture: the
     * model's raw answer is compared with the product inside the product's own cut-out. A model
     * that kept the product where it was answers with nearly the same colours there; one that moved,
     * replaced or repainted it does not. (The lock then puts the exact product pixels back.)
     */
    static Result compareInPlace(BufferedImage before, float[] mask, BufferedImage rawAnswer, double maxDeltaE) {
        List<String> problems = new ArrayList<>();
        ProductColorComparison.Result c = ProductColorComparison.compare(before, mask, rawAnswer, mask);
        if (c.cells() == 0) {
            problems.add("the product's area could not be compared in the model's answer");
        } else if (c.meanDeltaE() > maxDeltaE) {
            problems.add(String.format(Locale.ROOT,
                    "the model moved or repainted the product in the scene: CIEDE2000 mean %.2f (worst area %.2f) inside the product's outline, allowed %.1f",
                    c.meanDeltaE(), c.maxDeltaE(), maxDeltaE));
        }
        return new Result(Double.NaN, c.meanDeltaE(), c.maxDeltaE(), c.cells(), problems);
    }
}
