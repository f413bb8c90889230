package dev.refinery.color;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/** Variance of the Laplacian of luma: the usual blur measure (at or below ~100 usually looks blurry). */
public final class Sharpness {
    private Sharpness() {
    }

    public static double laplacianVariance(BufferedImage img, Rectangle region) {
        int w = img.getWidth();
        Rectangle r = region.intersection(new Rectangle(1, 1, w - 2, img.getHeight() - 2));
        if (r.width < 3 || r.height < 3) {
            return 0;
        }
        int rw = r.width + 2;
        int[][] rows = new int[3][rw];
        double[][] luma = new double[3][rw];
        double sum = 0, sumSq = 0;
        long n = 0;
        for (int k = 0; k < 2; k++) {
            img.getRGB(r.x - 1, r.y - 1 + k, rw, 1, rows[k], 0, rw);
            toLuma(rows[k], luma[k]);
        }
        for (int y = r.y; y < r.y + r.height; y++) {
            int next = (y - r.y + 2) % 3;
            img.getRGB(r.x - 1, y + 1, rw, 1, rows[next], 0, rw);
            toLuma(rows[next], luma[next]);
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

    private static void toLuma(int[] rgb, double[] out) {
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            out[i] = 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
        }
    }
}
