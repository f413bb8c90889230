package dev.refinery.color;

/**
 * How soft a picture's sharpest edges are, in pixels: a measure of focus that texture and grain do not fool (the
 * Laplacian's variance counts a fabric's weave and sensor noise as detail, and passed a photo blurred by 1.5 px).
 * A step edge of contrast C blurred by a Gaussian of deviation σ has a steepest slope of C / (σ √(2π)); so at each
 * edge pixel (a local maximum of the Sobel slope across the edge, among the region's steepest tenth) σ is read
 * from the slope and the contrast around it (the luma range within ±5 px across the edge), and the picture's value
 * is a low percentile of those: its sharpest edges. An in-focus product still has soft shading edges; a blurred one
 * has no sharp edge left.
 */
public final class EdgeWidth {
    /** Which share of the edges, from the sharpest, the value stands for. */
    static final double PERCENTILE = 0.2;
    /** Slopes below this (luma levels a pixel) are shading or grain, not edges. */
    static final double MIN_SLOPE = 6;
    private static final int REACH = 5;

    private EdgeWidth() {
    }

    /**
     * @param region alpha in 0..1 (row-major, same size as {@code img}): only pixels whose 3×3 neighbourhood is at or
     *               above 0.98 count, so the product's outline against a cut-out's transparency does not
     * @return σ in pixels, or NaN when fewer than 200 edge pixels were found
     */
    public static double sigma(ArgbPixels img, float[] region) {
        int w = img.width(), h = img.height();
        int[] px = img.argb();
        // only the region's box is read (the check's region is the cut-out: a fifth of a 1600 px photo, typically)
        java.awt.Rectangle box = region == null ? new java.awt.Rectangle(0, 0, w, h) : Masks.boundingBox(region, w, h, 0.98);
        if (box.isEmpty()) {
            return Double.NaN;
        }
        int x0 = Math.max(1, box.x - 1), y0 = Math.max(1, box.y - 1);
        int x1 = Math.min(w - 1, box.x + box.width + 1), y1 = Math.min(h - 1, box.y + box.height + 1);
        // a window around the box, wide enough for the Sobel taps and the profile across an edge (REACH px, bilinear):
        // the arrays are the window's size, not the photo's (a cut-out is a fifth of a 1600 px photo, typically)
        int ox = Math.max(0, x0 - REACH - 2), oy = Math.max(0, y0 - REACH - 2);
        int ww = Math.min(w, x1 + REACH + 2) - ox, wh = Math.min(h, y1 + REACH + 2) - oy;
        float[] l = new float[ww * wh];
        for (int y = 0; y < wh; y++) {
            for (int x = 0; x < ww; x++) {
                l[y * ww + x] = (float) ColorMath.luma(px[(y + oy) * w + x + ox]);
            }
        }
        float[] gx = new float[ww * wh], gy = new float[ww * wh], mag = new float[ww * wh];
        int m = 0;
        float[] inRegion = new float[(x1 - x0) * (y1 - y0)];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (!inside(region, w, h, x, y)) {
                    continue;
                }
                int i = (y - oy) * ww + x - ox;
                float ax = (l[i - ww + 1] + 2 * l[i + 1] + l[i + ww + 1] - l[i - ww - 1] - 2 * l[i - 1] - l[i + ww - 1]) / 8f;
                float ay = (l[i + ww - 1] + 2 * l[i + ww] + l[i + ww + 1] - l[i - ww - 1] - 2 * l[i - ww] - l[i - ww + 1]) / 8f;
                gx[i] = ax;
                gy[i] = ay;
                mag[i] = (float) Math.hypot(ax, ay);
                inRegion[m++] = mag[i];
            }
        }
        if (m < 1000) {
            return Double.NaN;
        }
        double steep = Math.max(MIN_SLOPE, quantile(inRegion, m, 0.9));
        double[] sigmas = new double[m];
        int n = 0;
        for (int y = Math.max(y0, REACH + 1); y < Math.min(y1, h - REACH - 1); y++) {
            for (int x = Math.max(x0, REACH + 1); x < Math.min(x1, w - REACH - 1); x++) {
                int i = (y - oy) * ww + x - ox;
                float g = mag[i];
                if (g < steep || !inside(region, w, h, x, y)) {
                    continue;
                }
                double ux = gx[i] / g, uy = gy[i] / g;
                double lx = x - ox, ly = y - oy;
                // a local maximum of the slope across the edge
                if (g < slope(mag, ww, lx + ux, ly + uy) || g < slope(mag, ww, lx - ux, ly - uy)) {
                    continue;
                }
                double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
                for (int k = -REACH; k <= REACH; k++) {
                    double v = sample(l, ww, lx + k * ux, ly + k * uy);
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                double sg = (hi - lo) / (g * Math.sqrt(2 * Math.PI));
                sigmas[n++] = Math.max(0.2, Math.min(REACH, sg));
            }
        }
        if (n < 200) {
            return Double.NaN;
        }
        double[] s = java.util.Arrays.copyOf(sigmas, n);
        java.util.Arrays.sort(s);
        return s[(int) (PERCENTILE * (n - 1))];
    }

    /** The q-quantile of the first {@code m} values, from a sorted sample of at most 65,536 of them (evenly strided). */
    private static double quantile(float[] v, int m, double q) {
        int stride = Math.max(1, m / 65_536);
        float[] sample = new float[(m + stride - 1) / stride];
        for (int i = 0, k = 0; i < m; i += stride) {
            sample[k++] = v[i];
        }
        java.util.Arrays.sort(sample);
        return sample[(int) (q * (sample.length - 1))];
    }

    /**
     * As {@link #sigma}, over the region grown by {@code reach} pixels: the product's own outline against the backdrop
     * is the edge a product with little print or texture has (a smooth gold ring: only shading inside).
     */
    public static double sigmaWithOutline(ArgbPixels img, float[] region, int reach) {
        return sigma(img, grown(region, img.width(), img.height(), reach));
    }

    /** A separable max filter: 1 where any pixel within {@code r} (Chebyshev) is at or above 0.5. */
    static float[] grown(float[] a, int w, int h, int r) {
        float[] rows = new float[a.length], out = new float[a.length];
        for (int y = 0; y < h; y++) {
            int last = -1_000_000;
            for (int x = 0; x < w; x++) {
                if (a[y * w + x] >= 0.5f) {
                    last = x;
                }
                rows[y * w + x] = x - last <= r ? 1 : 0;
            }
            last = 1_000_000;
            for (int x = w - 1; x >= 0; x--) {
                if (a[y * w + x] >= 0.5f) {
                    last = x;
                }
                if (last - x <= r) {
                    rows[y * w + x] = 1;
                }
            }
        }
        for (int x = 0; x < w; x++) {
            int last = -1_000_000;
            for (int y = 0; y < h; y++) {
                if (rows[y * w + x] > 0) {
                    last = y;
                }
                out[y * w + x] = y - last <= r ? 1 : 0;
            }
            last = 1_000_000;
            for (int y = h - 1; y >= 0; y--) {
                if (rows[y * w + x] > 0) {
                    last = y;
                }
                if (last - y <= r) {
                    out[y * w + x] = 1;
                }
            }
        }
        return out;
    }

    private static boolean inside(float[] region, int w, int h, int x, int y) {
        return region == null || Noise.inside(region, w, x, y);
    }

    private static float slope(float[] mag, int w, double x, double y) {
        return mag[(int) Math.round(y) * w + (int) Math.round(x)];
    }

    /** Bilinear sample. */
    private static double sample(float[] l, int w, double x, double y) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double fx = x - x0, fy = y - y0;
        int i = y0 * w + x0;
        return (l[i] * (1 - fx) + l[i + 1] * fx) * (1 - fy) + (l[i + w] * (1 - fx) + l[i + w + 1] * fx) * fy;
    }
}
