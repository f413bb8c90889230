package dev.refinery.color;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/** Variance of the Laplacian of luma: the usual blur measure (at or below ~100 usually looks blurry). */
public final class Sharpness {
    private Sharpness() {
    }

    public static double laplacianVariance(BufferedImage img, Rectangle region) {
        return laplacianVariance(ArgbPixels.of(img), region);
    }

    public static double laplacianVariance(ArgbPixels img, Rectangle region) {
        int w = img.width();
        int[] px = img.argb();
        Rectangle r = region.intersection(new Rectangle(1, 1, w - 2, img.height() - 2));
        if (r.width < 3 || r.height < 3) {
            return 0;
        }
        int rw = r.width + 2;
        double[][] luma = new double[3][rw];
        double sum = 0, sumSq = 0;
        long n = 0;
        for (int k = 0; k < 2; k++) {
            toLuma(px, (r.y - 1 + k) * w + r.x - 1, luma[k]);
        }
        for (int y = r.y; y < r.y + r.height; y++) {
            int next = (y - r.y + 2) % 3;
            toLuma(px, (y + 1) * w + r.x - 1, luma[next]);
            double[] up = luma[(y - r.y) % 3], mid = luma[(y - r.y + 1) % 3], down = luma[next];
            for (int x = 1; x < rw - 1; x++) {
                double lap = up[x] + down[x] + mid[x - 1] + mid[x + 1] - 4 * mid[x];
                sum += lap;
                sumSq += lap * lap;
                n++;
            }
        }
        double mean = sum / n;
        return sumSq / n - mean * mean;
    }

    /** How much a rendition's product box is enlarged relative to the master's (1 when it is not enlarged or unknown). */
    public static double enlargement(Rectangle rendition, Rectangle master) {
        if (rendition.isEmpty() || master.isEmpty()) {
            return 1;
        }
        return Math.max(1, Math.max(rendition.width, rendition.height) / (double) Math.max(master.width, master.height));
    }

    /**
     * Variance of the Laplacian measured after shrinking the region by {@code enlargement}
     * (area averaging): the sharpness of an enlarged image at the resolution it came from.
     */
    public static double laplacianVariance(BufferedImage img, Rectangle region, double enlargement) {
        return laplacianVariance(ArgbPixels.of(img), region, enlargement);
    }

    public static double laplacianVariance(ArgbPixels img, Rectangle region, double enlargement) {
        if (enlargement <= 1.0001) {
            return laplacianVariance(img, region);
        }
        int w = img.width();
        int[] px = img.argb();
        Rectangle r = region.intersection(new Rectangle(0, 0, w, img.height()));
        int sw = (int) Math.floor(r.width / enlargement), sh = (int) Math.floor(r.height / enlargement);
        if (sw < 5 || sh < 5) {
            return laplacianVariance(img, region);
        }
        double[] acc = new double[sw * sh];
        double[] weight = new double[sw * sh];
        int[] targetColumn = new int[r.width];
        for (int x = 0; x < r.width; x++) {
            targetColumn[x] = Math.min(sw - 1, (int) (x / enlargement));
        }
        for (int y = 0; y < r.height; y++) {
            int rowStart = (r.y + y) * w + r.x;
            int ty = Math.min(sh - 1, (int) (y / enlargement));
            for (int x = 0; x < r.width; x++) {
                int tx = targetColumn[x];
                int p = px[rowStart + x];
                acc[ty * sw + tx] += ColorMath.luma(p);
                weight[ty * sw + tx]++;
            }
        }
        double sum = 0, sumSq = 0;
        long n = 0;
        for (int y = 1; y < sh - 1; y++) {
            for (int x = 1; x < sw - 1; x++) {
                int i = y * sw + x;
                double c = acc[i] / weight[i];
                double lap = acc[i - 1] / weight[i - 1] + acc[i + 1] / weight[i + 1] + acc[i - sw] / weight[i - sw] + acc[i + sw] / weight[i + sw] - 4 * c;
                sum += lap;
                sumSq += lap * lap;
                n++;
            }
        }
        double mean = sum / n;
        return sumSq / n - mean * mean;
    }

    private static void toLuma(int[] argb, int from, double[] out) {
        for (int i = 0; i < out.length; i++) {
            int p = argb[from + i];
            out[i] = ColorMath.luma(p);
        }
    }
}
