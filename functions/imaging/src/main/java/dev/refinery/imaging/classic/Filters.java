package dev.refinery.imaging.classic;

import dev.refinery.color.GaussianBlur;

/** Separable O(n) filters on float planes (row-major, w × h), edges clamped. */
final class Filters {
    private Filters() {
    }

    /** The planes' product, pixel by pixel (the moments a box filter averages). */
    static float[] mul(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * b[i];
        }
        return out;
    }

    /** Mean over a (2r+1)² window, normalised at the edges. */
    static float[] box(float[] src, int w, int h, int r) {
        float[] tmp = new float[w * h];
        float[] out = new float[w * h];
        boxRows(src, tmp, w, h, r);
        boxCols(tmp, out, w, h, r);
        return out;
    }

    static void boxRows(float[] src, float[] dst, int w, int h, int r) {
        for (int y = 0; y < h; y++) {
            int row = y * w;
            float acc = 0;
            int count = 0;
            for (int x = 0; x <= Math.min(r, w - 1); x++) {
                acc += src[row + x];
                count++;
            }
            for (int x = 0; x < w; x++) {
                dst[row + x] = acc / count;
                int add = x + r + 1, rem = x - r;
                if (add < w) {
                    acc += src[row + add];
                    count++;
                }
                if (rem >= 0) {
                    acc -= src[row + rem];
                    count--;
                }
            }
        }
    }

    static void boxCols(float[] src, float[] dst, int w, int h, int r) {
        float[] acc = new float[w];
        int count = 0;
        for (int y = 0; y <= Math.min(r, h - 1); y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                acc[x] += src[row + x];
            }
            count++;
        }
        for (int y = 0; y < h; y++) {
            int row = y * w;
            float inv = 1f / count;
            for (int x = 0; x < w; x++) {
                dst[row + x] = acc[x] * inv;
            }
            int add = y + r + 1, rem = y - r;
            if (add < h) {
                int ar = add * w;
                for (int x = 0; x < w; x++) {
                    acc[x] += src[ar + x];
                }
                count++;
            }
            if (rem >= 0) {
                int rr = rem * w;
                for (int x = 0; x < w; x++) {
                    acc[x] -= src[rr + x];
                }
                count--;
            }
        }
    }

    /** The shared separable Gaussian ({@link GaussianBlur}); the detail stage calls it here. */
    static float[] gaussian(float[] src, int w, int h, double sigma) {
        return GaussianBlur.blur(src, w, h, sigma);
    }

    /**
     * Minimum (or maximum) over a (2r+1)² window: separable. Both passes walk memory in row order
     * (the column pass combines whole rows), which is what keeps this cheap on full-size planes.
     */
    static float[] extremum(float[] src, int w, int h, int r, boolean max) {
        float[] tmp = new float[w * h];
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int from = row + Math.max(0, x - r), to = row + Math.min(w - 1, x + r);
                float m = src[from];
                if (max) {
                    for (int j = from + 1; j <= to; j++) {
                        m = Math.max(m, src[j]);
                    }
                } else {
                    for (int j = from + 1; j <= to; j++) {
                        m = Math.min(m, src[j]);
                    }
                }
                tmp[row + x] = m;
            }
        }
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int first = Math.max(0, y - r), last = Math.min(h - 1, y + r);
            System.arraycopy(tmp, first * w, out, row, w);
            for (int j = first + 1; j <= last; j++) {
                int other = j * w;
                if (max) {
                    for (int x = 0; x < w; x++) {
                        out[row + x] = Math.max(out[row + x], tmp[other + x]);
                    }
                } else {
                    for (int x = 0; x < w; x++) {
                        out[row + x] = Math.min(out[row + x], tmp[other + x]);
                    }
                }
            }
        }
        return out;
    }
}
