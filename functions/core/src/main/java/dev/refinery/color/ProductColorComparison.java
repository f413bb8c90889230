package dev.refinery.color;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * Compares a product's colours in two images of it that may differ in scale and position (a
 * master and its rendition): both product bounding boxes are divided into the same grid, and the
 * mean Lab colour of each cell is compared with CIEDE2000. No pixel alignment is needed, and a
 * real colour shift in any part of the product shows up in its cells.
 */
public final class ProductColorComparison {
    private static final int GRID = 6;
    private static final double ALPHA_INSIDE = 0.9;

    private ProductColorComparison() {
    }

    /** Result: mean and worst cell CIEDE2000, and how many cells took part. */
    public record Result(double meanDeltaE, double maxDeltaE, int cells) {
    }

    /**
     * @param a     first image (RGB or ARGB)
     * @param alphaA product alpha of {@code a} in 0..1, row-major, same size as {@code a}
     */
    public static Result compare(BufferedImage a, float[] alphaA, BufferedImage b, float[] alphaB) {
        return compare(ArgbPixels.of(a), alphaA, ArgbPixels.of(b), alphaB);
    }

    public static Result compare(ArgbPixels a, float[] alphaA, ArgbPixels b, float[] alphaB) {
        double[][] cellsA = cellMeans(a, alphaA);
        double[][] cellsB = cellMeans(b, alphaB);
        double sum = 0, max = 0;
        int n = 0;
        for (int i = 0; i < cellsA.length; i++) {
            if (cellsA[i] == null || cellsB[i] == null) {
                continue;
            }
            double d = ColorMath.deltaE2000(cellsA[i], cellsB[i]);
            sum += d;
            max = Math.max(max, d);
            n++;
        }
        return new Result(n == 0 ? Double.NaN : sum / n, max, n);
    }

    static double[][] cellMeans(ArgbPixels img, float[] alpha) {
        int w = img.width(), h = img.height();
        int[] px = img.argb();
        Rectangle box = Masks.boundingBox(alpha, w, h, ALPHA_INSIDE);
        double[][] acc = new double[GRID * GRID][4];
        double[][] out = new double[GRID * GRID][];
        if (box.isEmpty()) {
            return out;
        }
        int[] cellColumn = new int[box.width];
        for (int x = 0; x < box.width; x++) {
            cellColumn[x] = Math.min(GRID - 1, x * GRID / box.width);
        }
        for (int y = box.y; y < box.y + box.height; y++) {
            int gy = Math.min(GRID - 1, (y - box.y) * GRID / box.height);
            for (int x = box.x; x < box.x + box.width; x++) {
                if (alpha[y * w + x] < ALPHA_INSIDE) {
                    continue;
                }
                double[] c = acc[gy * GRID + cellColumn[x - box.x]];
                int p = px[y * w + x];
                c[0] += ColorMath.toLinear(p >> 16);
                c[1] += ColorMath.toLinear(p >> 8);
                c[2] += ColorMath.toLinear(p);
                c[3]++;
            }
        }
        long minPixels = Math.max(4, (long) box.width * box.height / (GRID * GRID) / 10);
        for (int i = 0; i < acc.length; i++) {
            double[] c = acc[i];
            if (c[3] >= minPixels) {
                out[i] = ColorMath.linearToLab(c[0] / c[3], c[1] / c[3], c[2] / c[3]);
            }
        }
        return out;
    }
}
