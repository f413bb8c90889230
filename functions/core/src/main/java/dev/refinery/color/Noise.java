package dev.refinery.color;

/**
 * How grainy a picture is inside a region: the standard deviation of its sensor noise in 8-bit luma
 * levels, by Immerkær's fast estimate ("Fast Noise Variance Estimation", CVIU 1996): the mean
 * absolute response of a mask that cancels every linear structure, only where the picture's own
 * gradient is weak, so a label's print and the product's edges do not count as noise.
 */
public final class Noise {
    private Noise() {
    }

    /**
     * @param region alpha (row-major, same size as {@code img}): only pixels whose 3×3 neighbourhood is at or
     *               above 0.98 count
     * @return sigma in luma levels (0..255), or NaN when fewer than 500 pixels took part
     */
    public static double sigma(ArgbPixels img, float[] region) {
        int w = img.width(), h = img.height();
        int[] px = img.argb();
        double[] l = new double[w * h];
        for (int i = 0; i < l.length; i++) {
            int p = px[i];
            l[i] = ColorMath.luma(p);
        }
        // the flattest half of the region's pixels (Sobel magnitude below its median) carry the estimate
        double[] grad = new double[w * h];
        int[] idx = new int[w * h];
        int m = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                if (!inside(region, w, x, y)) {
                    continue;
                }
                double gx = l[i - w + 1] + 2 * l[i + 1] + l[i + w + 1] - l[i - w - 1] - 2 * l[i - 1] - l[i + w - 1];
                double gy = l[i + w - 1] + 2 * l[i + w] + l[i + w + 1] - l[i - w - 1] - 2 * l[i - w] - l[i - w + 1];
                grad[m] = Math.abs(gx) + Math.abs(gy);
                idx[m++] = i;
            }
        }
        if (m < 1000) {
            return Double.NaN;
        }
        double[] sorted = java.util.Arrays.copyOf(grad, m);
        java.util.Arrays.sort(sorted);
        double flat = sorted[m / 2];
        double sum = 0;
        long n = 0;
        for (int k = 0; k < m; k++) {
            if (grad[k] > flat) {
                continue;
            }
            int i = idx[k];
            double r = l[i - w - 1] - 2 * l[i - w] + l[i - w + 1] - 2 * l[i - 1] + 4 * l[i] - 2 * l[i + 1] + l[i + w - 1] - 2 * l[i + w] + l[i + w + 1];
            sum += Math.abs(r);
            n++;
        }
        return n < 500 ? Double.NaN : Math.sqrt(Math.PI / 2) * sum / (6.0 * n);
    }

    /** Whether the 3×3 neighbourhood of (x, y) is inside the region (alpha at or above 0.98); (x, y) at least 1 px from the border. */
    static boolean inside(float[] a, int w, int x, int y) {
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                if (a[(y + dy) * w + x + dx] < 0.98f) {
                    return false;
                }
            }
        }
        return true;
    }
}
