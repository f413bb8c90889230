package dev.refinery.openai;

import dev.refinery.color.Masks;
import dev.refinery.color.ProductColorComparison;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * After every AI step: is the product still the product of the previous approved version, and
 * still the product of the seller's photo? Shape by the overlap (IoU) of the two cut-outs, colour
 * by CIEDE2000 between the products' grid-cell colours, label and edge structure by how well the
 * product's luminance gradients correlate with the photo's. Comparing with the previous version
 * alone lets small drifts add up over steps and rounds; the photo is the one fixed reference. A
 * step that fails keeps its numbers in the reason, so a seller sees how far it drifted.
 */
final class FidelityCheck {
    private FidelityCheck() {
    }

    record Result(double iou, double meanDeltaE, double maxDeltaE, int cells, double structure, List<String> problems) {
        Result {
            problems = List.copyOf(problems);
        }

        Result(double iou, double meanDeltaE, double maxDeltaE, int cells, List<String> problems) {
            this(iou, meanDeltaE, maxDeltaE, cells, Double.NaN, problems);
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
     * Against the seller's photo, when the step's picture still lines up with it (same size; a
     * generated base or a scene does not): colour per grid cell within {@code maxDeltaE} (the
     * lighting allowance, since lighting may move colours on purpose and every later step builds
     * on it), and the structure of what is printed and shaped on the product: the correlation of
     * the two pictures' luminance gradients inside the product, on a grid of
     * {@value #STRUCTURE_SIDE} px on the long side so resampling, denoising and JPEG do not count.
     * Exposure and white balance scale gradients but leave their correlation alone; a repainted
     * label, an invented logo or a moved part lower it.
     */
    static Result againstPhoto(BufferedImage photo, BufferedImage after, float[] mask, double maxDeltaE, double minStructure) {
        List<String> problems = new ArrayList<>();
        if (photo.getWidth() != after.getWidth() || photo.getHeight() != after.getHeight()) {
            return new Result(Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, problems);
        }
        ProductColorComparison.Result c = ProductColorComparison.compare(photo, mask, after, mask);
        if (c.cells() > 0 && c.meanDeltaE() > maxDeltaE) {
            problems.add(String.format(Locale.ROOT,
                    "the product's colours drifted from the seller's photo: CIEDE2000 mean %.2f (worst area %.2f), allowed %.1f",
                    c.meanDeltaE(), c.maxDeltaE(), maxDeltaE));
        }
        double structure = structure(photo, after, mask);
        if (structure < minStructure) {
            problems.add(String.format(Locale.ROOT,
                    "the product's printing and edges no longer match the seller's photo (structure %.2f, needs %.2f): "
                            + "a label, logo or part was redrawn, moved or erased", structure, minStructure));
        }
        return new Result(Double.NaN, c.meanDeltaE(), c.maxDeltaE(), c.cells(), structure, problems);
    }

    /** Long side of the grid the structure is compared on. */
    static final int STRUCTURE_SIDE = 400;

    /**
     * Cosine similarity of the two pictures' Sobel gradient fields of luma (x and y components), over the
     * whole product and per cell of a {@value #CELLS}×{@value #CELLS} grid where the photo shows detail,
     * the worst of them, inside the product (alpha >= 0.9,
     * one grid cell in from its outline, so the outline itself, which the lock restores, does not
     * count), both pictures area-averaged to {@link #STRUCTURE_SIDE}. 1 for the same picture; NaN
     * when the product has no inside to compare.
     */
    static double structure(BufferedImage a, BufferedImage b, float[] mask) {
        int w = a.getWidth(), h = a.getHeight();
        int f = Math.max(1, (int) Math.ceil(Math.max(w, h) / (double) STRUCTURE_SIDE));
        int gw = w / f, gh = h / f;
        if (gw < 8 || gh < 8) {
            return Double.NaN;
        }
        double[] la = luma(a, f, gw, gh), lb = luma(b, f, gw, gh);
        boolean[] inside = new boolean[gw * gh];
        for (int gy = 0; gy < gh; gy++) {
            for (int gx = 0; gx < gw; gx++) {
                boolean in = true;
                for (int y = gy * f; y < (gy + 1) * f && in; y++) {
                    for (int x = gx * f; x < (gx + 1) * f; x++) {
                        if (mask[y * w + x] < 0.9f) {
                            in = false;
                            break;
                        }
                    }
                }
                inside[gy * gw + gx] = in;
            }
        }
        double saa = 0, sbb = 0, sab = 0;
        long n = 0;
        // the same per cell of a CELLS×CELLS grid: a small label redrawn barely moves the whole product's figure
        double[] caa = new double[CELLS * CELLS], cbb = new double[CELLS * CELLS], cab = new double[CELLS * CELLS];
        int[] cn = new int[CELLS * CELLS];
        for (int y = 2; y < gh - 2; y++) {
            for (int x = 2; x < gw - 2; x++) {
                boolean ok = true;
                for (int dy = -2; dy <= 2 && ok; dy++) {
                    for (int dx = -2; dx <= 2; dx++) {
                        if (!inside[(y + dy) * gw + x + dx]) {
                            ok = false;
                            break;
                        }
                    }
                }
                if (!ok) {
                    continue;
                }
                double ax = sobelX(la, gw, x, y), ay = sobelY(la, gw, x, y), bx = sobelX(lb, gw, x, y), by = sobelY(lb, gw, x, y);
                saa += ax * ax + ay * ay;
                sbb += bx * bx + by * by;
                sab += ax * bx + ay * by;
                n++;
                int c = Math.min(CELLS - 1, y * CELLS / gh) * CELLS + Math.min(CELLS - 1, x * CELLS / gw);
                caa[c] += ax * ax + ay * ay;
                cbb[c] += bx * bx + by * by;
                cab[c] += ax * bx + ay * by;
                cn[c]++;
            }
        }
        if (n < 50) {
            return Double.NaN;
        }
        // Below about 1 grey level of gradient per grid point the inside is flat: nothing printed or shaped to lose.
        double flat = 1.0 * n;
        if (saa <= flat && sbb <= flat) {
            return 1;
        }
        if (saa <= flat || sbb <= flat) {
            return 0;
        }
        double worst = sab / Math.sqrt(saa * sbb);
        // cells where the photo shows detail (gradient energy per point at least the product's mean)
        double mean = saa / n;
        for (int c = 0; c < caa.length; c++) {
            if (cn[c] >= MIN_CELL_POINTS && caa[c] / cn[c] >= mean) {
                double s = cbb[c] <= 1.0 * cn[c] ? 0 : cab[c] / Math.sqrt(caa[c] * cbb[c]);
                worst = Math.min(worst, s);
            }
        }
        return worst;
    }

    /** Grid of cells over the picture for the per-cell structure. */
    static final int CELLS = 8;
    /** Points a cell needs inside the product to count. */
    static final int MIN_CELL_POINTS = 40;

    private static double sobelX(double[] l, int w, int x, int y) {
        return l[(y - 1) * w + x + 1] + 2 * l[y * w + x + 1] + l[(y + 1) * w + x + 1]
                - l[(y - 1) * w + x - 1] - 2 * l[y * w + x - 1] - l[(y + 1) * w + x - 1];
    }

    private static double sobelY(double[] l, int w, int x, int y) {
        return l[(y + 1) * w + x - 1] + 2 * l[(y + 1) * w + x] + l[(y + 1) * w + x + 1]
                - l[(y - 1) * w + x - 1] - 2 * l[(y - 1) * w + x] - l[(y - 1) * w + x + 1];
    }

    /** Luma (0..255) area-averaged over f×f blocks. */
    private static double[] luma(BufferedImage img, int f, int gw, int gh) {
        int[] px = dev.refinery.color.ArgbPixels.of(img).argb();
        int w = img.getWidth();
        double[] out = new double[gw * gh];
        for (int gy = 0; gy < gh; gy++) {
            for (int gx = 0; gx < gw; gx++) {
                double s = 0;
                for (int y = gy * f; y < (gy + 1) * f; y++) {
                    for (int x = gx * f; x < (gx + 1) * f; x++) {
                        int p = px[y * w + x];
                        s += 0.2126 * ((p >> 16) & 255) + 0.7152 * ((p >> 8) & 255) + 0.0722 * (p & 255);
                    }
                }
                out[gy * gw + gx] = s / (f * f);
            }
        }
        return out;
    }

    /**
     * For a step that locks the product (background): the lock puts the product's own pixels back, so
     * what can still go wrong is what the model drew around them. The locked picture is segmented again
     * for product beyond the outline, at least {@code ring} px out (a stretched or moved product leaves
     * its old shape's remnants there). Comparing the two segmentations' colours instead compared two
     * readings of one unchanged product: on the photo lab it rejected 9 of 70 background steps of a
     * model that changed nothing.
     */
    static Result locked(float[] mask, float[] lockedMask, int w, int h, double minIou) {
        List<String> problems = new ArrayList<>();
        int ring = Math.max(2, Math.round(Math.max(w, h) / 300f));
        // the product (alpha >= 0.5) and every pixel within the ring of it
        boolean[] near = Masks.dilate(mask, w, h, 0.5f, ring);
        long product = 0, beyond = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] >= 0.5f) {
                product++;
            }
            if (lockedMask[i] >= 0.5f && !near[i]) {
                beyond++;
            }
        }
        double kept = product == 0 ? 0 : Math.max(0, 1 - beyond / (double) product);
        if (kept < minIou) {
            problems.add(String.format(Locale.ROOT,
                    "the product's shape drifted from the previous version: the model drew product beyond its outline (%.0f%% of its area; "
                            + "overlap %.3f, needs at least %.2f)", 100 * beyond / (double) Math.max(1, product), kept, minIou));
        }
        return new Result(kept, Double.NaN, Double.NaN, 0, problems);
    }

    /**
     * For a scene, where no segmenter can be trusted to find the product in a busy picture: the
     * model's raw answer is compared with the product inside the product's own cut-out. A model
     * that kept the product where it was answers with nearly the same colours there; one that moved,
     * replaced or repainted it does not. (The lock then puts the exact product pixels back.)
     */
    static Result compareInPlace(BufferedImage before, float[] mask, BufferedImage rawAnswer, double maxDeltaE) {
        return compareInPlace(before, mask, rawAnswer, maxDeltaE, "the model moved or repainted the product in the scene");
    }

    /**
     * The same for a step whose product outline is fixed (a cut-out the step keeps): {@code what}
     * names the failure in the reason.
     */
    static Result compareInPlace(BufferedImage before, float[] mask, BufferedImage rawAnswer, double maxDeltaE, String what) {
        List<String> problems = new ArrayList<>();
        ProductColorComparison.Result c = ProductColorComparison.compare(before, mask, rawAnswer, mask);
        if (c.cells() == 0) {
            problems.add("the product's area could not be compared in the model's answer");
        } else if (c.meanDeltaE() > maxDeltaE) {
            problems.add(String.format(Locale.ROOT,
                    "%s: CIEDE2000 mean %.2f (worst area %.2f) inside the product's outline, allowed %.1f",
                    what, c.meanDeltaE(), c.maxDeltaE(), maxDeltaE));
        }
        return new Result(Double.NaN, c.meanDeltaE(), c.maxDeltaE(), c.cells(), problems);
    }
}
