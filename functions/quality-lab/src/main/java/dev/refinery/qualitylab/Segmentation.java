package dev.refinery.qualitylab;

/** Cut-out measures on binary masks of one size: IoU, boundary F-measure, distances. */
final class Segmentation {
    private Segmentation() {
    }

    /** Intersection over union; 1 when both are empty. */
    static double iou(boolean[] a, boolean[] b) {
        return dev.refinery.color.Masks.iou(a, b);
    }

    /** Pixels of the mask with a 4-neighbour outside it (the frame's edge counts as outside). */
    static boolean[] boundary(boolean[] m, int w, int h) {
        boolean[] b = new boolean[m.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (m[i] && (x == 0 || y == 0 || x == w - 1 || y == h - 1
                        || !m[i - 1] || !m[i + 1] || !m[i - w] || !m[i + w])) {
                    b[i] = true;
                }
            }
        }
        return b;
    }

    /**
     * Boundary F-measure (Martin et al. / Perazzi et al. 2016): precision is the share of the
     * predicted boundary within {@code tolerance} px (Euclidean) of the true boundary, recall the
     * reverse; F their harmonic mean. 1 when both boundaries are empty, 0 when one is.
     */
    static double boundaryF(boolean[] predicted, boolean[] truth, int w, int h, double tolerance) {
        double[] pr = boundaryPrecisionRecall(predicted, truth, w, h, tolerance);
        return pr[0] + pr[1] == 0 ? 0 : 2 * pr[0] * pr[1] / (pr[0] + pr[1]);
    }

    /** {precision, recall} of the boundary match. */
    static double[] boundaryPrecisionRecall(boolean[] predicted, boolean[] truth, int w, int h, double tolerance) {
        boolean[] bp = boundary(predicted, w, h), bt = boundary(truth, w, h);
        long np = count(bp), nt = count(bt);
        if (np == 0 && nt == 0) {
            return new double[] {1, 1};
        }
        if (np == 0 || nt == 0) {
            return new double[] {0, 0};
        }
        double t2 = tolerance * tolerance;
        float[] toTruth = squaredDistanceTo(bt, w, h);
        float[] toPred = squaredDistanceTo(bp, w, h);
        long hitP = 0, hitT = 0;
        for (int i = 0; i < bp.length; i++) {
            if (bp[i] && toTruth[i] <= t2) {
                hitP++;
            }
            if (bt[i] && toPred[i] <= t2) {
                hitT++;
            }
        }
        return new double[] {hitP / (double) np, hitT / (double) nt};
    }

    static long count(boolean[] m) {
        long n = 0;
        for (boolean v : m) {
            if (v) {
                n++;
            }
        }
        return n;
    }

    /**
     * Exact squared Euclidean distance of every pixel to the nearest set pixel of {@code target}
     * (Felzenszwalb and Huttenlocher's separable transform); a large value when there is none.
     */
    static float[] squaredDistanceTo(boolean[] target, int w, int h) {
        final float inf = 1e20f;
        float[] d = new float[w * h];
        for (int i = 0; i < d.length; i++) {
            d[i] = target[i] ? 0 : inf;
        }
        int n = Math.max(w, h);
        float[] f = new float[n], out = new float[n], z = new float[n + 1];
        int[] v = new int[n];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                f[y] = d[y * w + x];
            }
            edt1d(f, h, out, v, z);
            for (int y = 0; y < h; y++) {
                d[y * w + x] = out[y];
            }
        }
        for (int y = 0; y < h; y++) {
            System.arraycopy(d, y * w, f, 0, w);
            edt1d(f, w, out, v, z);
            System.arraycopy(out, 0, d, y * w, w);
        }
        return d;
    }

    private static void edt1d(float[] f, int n, float[] d, int[] v, float[] z) {
        int k = 0;
        v[0] = 0;
        z[0] = Float.NEGATIVE_INFINITY;
        z[1] = Float.POSITIVE_INFINITY;
        for (int q = 1; q < n; q++) {
            double s;
            while (true) {
                int p = v[k];
                s = ((f[q] + (double) q * q) - (f[p] + (double) p * p)) / (2.0 * q - 2.0 * p);
                if (s <= z[k]) {
                    k--; // z[0] is minus infinity: k never goes below 0
                } else {
                    break;
                }
            }
            k++;
            v[k] = q;
            z[k] = (float) s;
            z[k + 1] = Float.POSITIVE_INFINITY;
        }
        k = 0;
        for (int q = 0; q < n; q++) {
            while (z[k + 1] < q) {
                k++;
            }
            double dq = q - v[k];
            d[q] = (float) (dq * dq + f[v[k]]);
        }
    }

    /** Distance (px) of every pixel inside {@code m} to the nearest pixel outside it (the frame's outside counts). */
    static float[] insideDistance(boolean[] m, int w, int h) {
        // pad by one pixel of "outside" so the frame's edge is a boundary
        int pw = w + 2, ph = h + 2;
        boolean[] outside = new boolean[pw * ph];
        for (int y = 0; y < ph; y++) {
            for (int x = 0; x < pw; x++) {
                outside[y * pw + x] = x == 0 || y == 0 || x == pw - 1 || y == ph - 1 || !m[(y - 1) * w + (x - 1)];
            }
        }
        float[] d2 = squaredDistanceTo(outside, pw, ph);
        float[] d = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                d[y * w + x] = (float) Math.sqrt(d2[(y + 1) * pw + (x + 1)]);
            }
        }
        return d;
    }
}
