package dev.refinery.imaging.classic;

/**
 * Separable resampling of float planes. Downscaling widens the kernel by the scale factor, so every
 * source pixel contributes (no aliasing, unlike nearest neighbour); {@link Kernel#AREA} is exact
 * area averaging, {@link Kernel#CATMULL_ROM} a sharp cubic whose step response over- and
 * undershoots only once (so a transparent surround stays exactly transparent after clamping).
 */
public final class Resampler {
    enum Kernel { AREA, CATMULL_ROM }

    private Resampler() {
    }

    /** Weights of the source pixels for each destination pixel along one axis. */
    static final class Taps {
        final int[] start;
        final float[][] weights;

        Taps(int[] start, float[][] weights) {
            this.start = start;
            this.weights = weights;
        }
    }

    /**
     * @param scale       destination pixels per source pixel
     * @param srcOrigin   source coordinate (continuous, pixel i covers [i, i+1)) of the destination's left edge
     * @param zeroOutside true: pixels outside the source are 0 (transparent); false: edge pixels repeat
     */
    static Taps taps(int srcLen, int dstLen, double scale, double srcOrigin, Kernel kernel, boolean zeroOutside) {
        int[] start = new int[dstLen];
        float[][] weights = new float[dstLen][];
        double shrink = Math.min(1, scale);
        for (int d = 0; d < dstLen; d++) {
            double center = srcOrigin + (d + 0.5) / scale;
            int lo, hi;
            double[] w;
            if (kernel == Kernel.AREA) {
                double half = 0.5 / shrink;
                double a = center - half, b = center + half;
                lo = (int) Math.floor(a);
                hi = (int) Math.ceil(b) - 1;
                w = new double[hi - lo + 1];
                for (int j = lo; j <= hi; j++) {
                    w[j - lo] = Math.max(0, Math.min(b, j + 1) - Math.max(a, j));
                }
            } else {
                double support = 2 / shrink;
                lo = (int) Math.floor(center - support);
                hi = (int) Math.ceil(center + support);
                w = new double[hi - lo + 1];
                for (int j = lo; j <= hi; j++) {
                    w[j - lo] = catmullRom((j + 0.5 - center) * shrink);
                }
            }
            double sum = 0;
            for (double v : w) {
                sum += v;
            }
            if (sum == 0) {
                sum = 1;
            }
            if (zeroOutside) {
                int a = Math.max(lo, 0), b = Math.min(hi, srcLen - 1);
                if (b < a) {
                    start[d] = 0;
                    weights[d] = new float[0];
                    continue;
                }
                float[] out = new float[b - a + 1];
                for (int j = a; j <= b; j++) {
                    out[j - a] = (float) (w[j - lo] / sum);
                }
                start[d] = a;
                weights[d] = out;
            } else {
                int a = Math.max(0, Math.min(srcLen - 1, lo)), b = Math.max(0, Math.min(srcLen - 1, hi));
                float[] out = new float[b - a + 1];
                for (int j = lo; j <= hi; j++) {
                    int jj = Math.max(0, Math.min(srcLen - 1, j));
                    out[jj - a] += (float) (w[j - lo] / sum);
                }
                start[d] = a;
                weights[d] = out;
            }
        }
        return new Taps(start, weights);
    }

    static double catmullRom(double t) {
        double x = Math.abs(t);
        if (x < 1) {
            return (1.5 * x - 2.5) * x * x + 1;
        }
        if (x < 2) {
            return ((-0.5 * x + 2.5) * x - 4) * x + 2;
        }
        return 0;
    }

    /** Resamples every plane with the same taps: {@code out[p]} is dw × dh. */
    static float[][] resample(float[][] planes, int sw, int sh, Taps xs, Taps ys) {
        int dw = xs.start.length, dh = ys.start.length;
        float[][] out = new float[planes.length][dw * dh];
        Rows rows = rows(planes, sw, sh, xs, ys);
        for (int y = 0; y < dh; y++) {
            rows.row(y, out, y * dw);
        }
        return out;
    }

    /**
     * The horizontal pass over every source row the vertical taps reach, done once; the result's
     * rows are then made one at a time ({@link Rows#row}), so a caller that consumes rows as it goes
     * (the finisher's compositing) never holds the whole enlarged planes (48 MB for a 2000 px RGBA
     * rendition). The same sums, in the same order, as {@link #resample}.
     */
    static Rows rows(float[][] planes, int sw, int sh, Taps xs, Taps ys) {
        int dw = xs.start.length, dh = ys.start.length;
        int rowLo = sh, rowHi = -1;
        for (int d = 0; d < dh; d++) {
            if (ys.weights[d].length > 0) {
                rowLo = Math.min(rowLo, ys.start[d]);
                rowHi = Math.max(rowHi, ys.start[d] + ys.weights[d].length - 1);
            }
        }
        int rows = Math.max(0, rowHi - rowLo + 1);
        float[][] mid = new float[planes.length][dw * rows];
        for (int p = 0; p < planes.length; p++) {
            float[] src = planes[p];
            for (int y = 0; y < rows; y++) {
                int srow = (y + rowLo) * sw;
                int mrow = y * dw;
                for (int x = 0; x < dw; x++) {
                    float[] w = xs.weights[x];
                    int s = srow + xs.start[x];
                    float acc;
                    if (w.length == 4) {
                        acc = w[0] * src[s] + w[1] * src[s + 1] + w[2] * src[s + 2] + w[3] * src[s + 3];
                    } else {
                        acc = 0;
                        for (int j = 0; j < w.length; j++) {
                            acc += w[j] * src[s + j];
                        }
                    }
                    mid[p][mrow + x] = acc;
                }
            }
        }
        return new Rows(mid, rowLo, ys, dw);
    }

    /** Rows of a resampling whose horizontal pass is done. */
    static final class Rows {
        private final float[][] mid;
        private final int rowLo;
        private final Taps ys;
        private final int width;

        private Rows(float[][] mid, int rowLo, Taps ys, int width) {
            this.mid = mid;
            this.rowLo = rowLo;
            this.ys = ys;
            this.width = width;
        }

        /** Row {@code y} of every plane into {@code dst[p][offset .. offset + width)}. */
        void row(int y, float[][] dst, int offset) {
            for (int p = 0; p < mid.length; p++) {
                verticalRow(mid[p], rowLo, ys, width, y, dst[p], offset);
            }
        }
    }

    /** One row of the vertical pass: {@code mid} holds the horizontally resampled source rows from {@code rowLo} on. */
    private static void verticalRow(float[] mid, int rowLo, Taps ys, int dw, int y, float[] dst, int offset) {
        float[] w = ys.weights[y];
        int m0 = (ys.start[y] - rowLo) * dw;
        if (w.length == 4) {
            // the common case (Catmull-Rom when enlarging): one pass, summed in the same order as below
            float w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
            int m1 = m0 + dw, m2 = m1 + dw, m3 = m2 + dw;
            for (int x = 0; x < dw; x++) {
                dst[offset + x] = w0 * mid[m0 + x] + w1 * mid[m1 + x] + w2 * mid[m2 + x] + w3 * mid[m3 + x];
            }
            return;
        }
        java.util.Arrays.fill(dst, offset, offset + dw, 0f);
        for (int j = 0; j < w.length; j++) {
            int mrow = m0 + j * dw;
            float wj = w[j];
            for (int x = 0; x < dw; x++) {
                dst[offset + x] += wj * mid[mrow + x];
            }
        }
    }

    /**
     * {@link #shrink} of a packed ARGB image's red, green and blue planes, read straight from the
     * packed pixels: the same sums in the same order, without first unpacking a full-size float
     * copy of the photo (23 MB for 2 MP).
     */
    public static float[][] shrinkRgb(int[] argb, int sw, int sh, int dw, int dh) {
        Taps xs = taps(sw, dw, dw / (double) sw, 0, Kernel.AREA, false);
        Taps ys = taps(sh, dh, dh / (double) sh, 0, Kernel.AREA, false);
        float[][] mid = new float[3][dw * sh];
        for (int y = 0; y < sh; y++) {
            int srow = y * sw;
            int mrow = y * dw;
            for (int x = 0; x < dw; x++) {
                float[] w = xs.weights[x];
                int s = srow + xs.start[x];
                float r = 0, g = 0, b = 0;
                for (int j = 0; j < w.length; j++) {
                    int p = argb[s + j];
                    float wj = w[j];
                    r += wj * ((p >> 16) & 0xFF);
                    g += wj * ((p >> 8) & 0xFF);
                    b += wj * (p & 0xFF);
                }
                mid[0][mrow + x] = r;
                mid[1][mrow + x] = g;
                mid[2][mrow + x] = b;
            }
        }
        float[][] out = new float[3][dw * dh];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < dh; y++) {
                verticalRow(mid[c], 0, ys, dw, y, out[c], y * dw);
            }
        }
        return out;
    }

    /** Area-averaged reduction of planes to dw × dh (edges repeat). */
    static float[][] shrink(float[][] planes, int sw, int sh, int dw, int dh) {
        Taps xs = taps(sw, dw, dw / (double) sw, 0, Kernel.AREA, false);
        Taps ys = taps(sh, dh, dh / (double) sh, 0, Kernel.AREA, false);
        return resample(planes, sw, sh, xs, ys);
    }

    /** Bilinear enlargement of one plane to dw × dh (pixel centres aligned). */
    static float[] bilinear(float[] src, int sw, int sh, int dw, int dh) {
        float[] out = new float[dw * dh];
        double fx = sw / (double) dw, fy = sh / (double) dh;
        int[] x0 = new int[dw];
        float[] tx = new float[dw];
        for (int x = 0; x < dw; x++) {
            double sx = (x + 0.5) * fx - 0.5;
            int i = (int) Math.floor(sx);
            tx[x] = (float) (sx - i);
            x0[x] = i;
        }
        for (int y = 0; y < dh; y++) {
            double sy = (y + 0.5) * fy - 0.5;
            int j = (int) Math.floor(sy);
            float ty = (float) (sy - j);
            int j0 = Math.max(0, Math.min(sh - 1, j)), j1 = Math.max(0, Math.min(sh - 1, j + 1));
            int r0 = j0 * sw, r1 = j1 * sw, row = y * dw;
            for (int x = 0; x < dw; x++) {
                int i = x0[x];
                int i0 = Math.max(0, Math.min(sw - 1, i)), i1 = Math.max(0, Math.min(sw - 1, i + 1));
                float t = tx[x];
                float top = src[r0 + i0] + t * (src[r0 + i1] - src[r0 + i0]);
                float bot = src[r1 + i0] + t * (src[r1 + i1] - src[r1 + i0]);
                out[row + x] = top + ty * (bot - top);
            }
        }
        return out;
    }
}
