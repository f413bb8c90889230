package dev.refinery.imaging.classic;

import java.util.Random;

/**
 * A Gaussian mixture over 3-channel colours with full covariances, fitted the GrabCut way: k-means
 * to start, then hard assignment of every sample to its most likely component and re-estimation.
 */
final class ColorModel {
    private static final double VARIANCE_FLOOR = 4.0;
    private static final double MIN_SHADOWED_LEVEL = 100;

    private final int k;
    private final double[] weight;
    private final double[][] mean;
    private final double[][] inv; // 3x3 inverse covariance, row-major
    private final double[] logNorm; // log(weight) - 0.5 log det - 1.5 log 2π
    private final double[] logDet;
    /** Shadow lines: component c explains s·mean for s in [lineMin[c], 1] (0 = an ordinary Gaussian). */
    private final double[] lineMin;
    private final double[][] invMean; // Σ⁻¹μ
    private final double[] meanInvMean; // μᵀΣ⁻¹μ
    /** Components 0..base-1 are learned from data; the rest are shadow lines derived from them. */
    private int base;

    private ColorModel(int k) {
        this.k = k;
        weight = new double[k];
        mean = new double[k][3];
        inv = new double[k][9];
        logNorm = new double[k];
        logDet = new double[k];
        lineMin = new double[k];
        invMean = new double[k][3];
        meanInvMean = new double[k];
        base = k;
    }

    /** Number of learned components (shadow lines excluded). */
    int components() {
        return base;
    }

    /** Fits a mixture of up to {@code k} components to the samples of {@code f} (3 planes) where {@code use[i]}. */
    static ColorModel fit(float[][] f, boolean[] use, int k, long seed) {
        int count = 0;
        for (boolean u : use) {
            if (u) {
                count++;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("no samples to fit a colour model");
        }
        // k-means on at most 20k samples
        int stride = Math.max(1, count / 20000);
        int m = (count + stride - 1) / stride;
        float[][] s = new float[m][3];
        int idx = 0, seen = 0;
        for (int i = 0; i < use.length && idx < m; i++) {
            if (use[i]) {
                if (seen++ % stride == 0) {
                    s[idx][0] = f[0][i];
                    s[idx][1] = f[1][i];
                    s[idx][2] = f[2][i];
                    idx++;
                }
            }
        }
        m = idx;
        int kk = Math.min(k, m);
        double[][] centres = kmeansPlusPlus(s, m, kk, new Random(seed));
        int[] label = new int[m];
        for (int iter = 0; iter < 8; iter++) {
            double[][] sum = new double[kk][3];
            int[] n = new int[kk];
            for (int i = 0; i < m; i++) {
                int best = 0;
                double bd = Double.MAX_VALUE;
                for (int c = 0; c < kk; c++) {
                    double d0 = s[i][0] - centres[c][0], d1 = s[i][1] - centres[c][1], d2 = s[i][2] - centres[c][2];
                    double d = d0 * d0 + d1 * d1 + d2 * d2;
                    if (d < bd) {
                        bd = d;
                        best = c;
                    }
                }
                label[i] = best;
                n[best]++;
                sum[best][0] += s[i][0];
                sum[best][1] += s[i][1];
                sum[best][2] += s[i][2];
            }
            for (int c = 0; c < kk; c++) {
                if (n[c] > 0) {
                    for (int d = 0; d < 3; d++) {
                        centres[c][d] = sum[c][d] / n[c];
                    }
                }
            }
        }
        ColorModel model = new ColorModel(kk);
        model.estimate(s, label, m);
        model.pack();
        return model;
    }

    private void estimate(float[][] s, int[] label, int m) {
        double[][] sum = new double[k][3];
        double[][] sq = new double[k][9];
        int[] n = new int[k];
        for (int i = 0; i < m; i++) {
            int c = label[i];
            n[c]++;
            for (int a = 0; a < 3; a++) {
                sum[c][a] += s[i][a];
                for (int b = 0; b < 3; b++) {
                    sq[c][a * 3 + b] += s[i][a] * s[i][b];
                }
            }
        }
        fromMoments(sum, sq, n);
    }

    private void fromMoments(double[][] sum, double[][] sq, int[] n) {
        int total = 0;
        for (int c : n) {
            total += c;
        }
        for (int c = 0; c < k; c++) {
            if (n[c] < 3) {
                weight[c] = 0;
                logNorm[c] = Double.NEGATIVE_INFINITY;
                continue;
            }
            weight[c] = n[c] / (double) total;
            double[] cov = new double[9];
            for (int a = 0; a < 3; a++) {
                mean[c][a] = sum[c][a] / n[c];
            }
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    cov[a * 3 + b] = sq[c][a * 3 + b] / n[c] - mean[c][a] * mean[c][b];
                }
                cov[a * 3 + a] += VARIANCE_FLOOR;
            }
            double det = cov[0] * (cov[4] * cov[8] - cov[5] * cov[7])
                    - cov[1] * (cov[3] * cov[8] - cov[5] * cov[6])
                    + cov[2] * (cov[3] * cov[7] - cov[4] * cov[6]);
            if (!(det > 1e-9)) {
                det = 1e-9;
            }
            double[] iv = inv[c];
            iv[0] = (cov[4] * cov[8] - cov[5] * cov[7]) / det;
            iv[1] = (cov[2] * cov[7] - cov[1] * cov[8]) / det;
            iv[2] = (cov[1] * cov[5] - cov[2] * cov[4]) / det;
            iv[3] = (cov[5] * cov[6] - cov[3] * cov[8]) / det;
            iv[4] = (cov[0] * cov[8] - cov[2] * cov[6]) / det;
            iv[5] = (cov[2] * cov[3] - cov[0] * cov[5]) / det;
            iv[6] = (cov[3] * cov[7] - cov[4] * cov[6]) / det;
            iv[7] = (cov[1] * cov[6] - cov[0] * cov[7]) / det;
            iv[8] = (cov[0] * cov[4] - cov[1] * cov[3]) / det;
            logDet[c] = Math.log(det);
            logNorm[c] = Math.log(weight[c]) - 0.5 * logDet[c] - 1.5 * Math.log(2 * Math.PI);
        }
    }

    /**
     * This mixture plus a shadow line for each light component: the colours {@code s · mean} for
     * {@code s} in [{@code minFactor}, 1] (8-bit sRGB units), sharing {@code share} of its weight. A
     * backdrop in its own contact shadow or ambient occlusion keeps its chromaticity and loses
     * brightness by any amount, and the border never shows those shadows. Dark components get no
     * line: their shadows are near black, which a dark product would match.
     */
    ColorModel withShadowLines(double minFactor, double share) {
        return withShadowLines(minFactor, share, MIN_SHADOWED_LEVEL);
    }

    /** As {@link #withShadowLines(double, double)}, for components at least {@code minLevel} bright (mean of R, G, B). */
    ColorModel withShadowLines(double minFactor, double share, double minLevel) {
        ColorModel m = new ColorModel(2 * base);
        m.base = base;
        for (int c = 0; c < base; c++) {
            boolean light = weight[c] > 0 && (mean[c][0] + mean[c][1] + mean[c][2]) / 3 >= minLevel;
            m.copyComponent(c, this, c, weight[c] * (light ? 1 - share : 1), 0);
            if (light) {
                m.copyComponent(base + c, this, c, weight[c] * share, minFactor);
            } else {
                m.weight[base + c] = 0;
                m.logNorm[base + c] = Double.NEGATIVE_INFINITY;
            }
        }
        m.pack();
        return m;
    }

    private void copyComponent(int dst, ColorModel src, int c, double w, double minFactor) {
        weight[dst] = w;
        mean[dst] = src.mean[c].clone();
        inv[dst] = src.inv[c].clone();
        logDet[dst] = src.logDet[c];
        logNorm[dst] = w > 0 ? Math.log(w) - 0.5 * logDet[dst] - 1.5 * Math.log(2 * Math.PI) : Double.NEGATIVE_INFINITY;
        lineMin[dst] = minFactor;
        double[] iv = inv[dst], mu = mean[dst];
        for (int a = 0; a < 3; a++) {
            invMean[dst][a] = iv[a * 3] * mu[0] + iv[a * 3 + 1] * mu[1] + iv[a * 3 + 2] * mu[2];
        }
        meanInvMean[dst] = mu[0] * invMean[dst][0] + mu[1] * invMean[dst][1] + mu[2] * invMean[dst][2];
    }

    private double componentLog(int c, float[] z) {
        double[] mu = mean[c];
        double s = 1;
        if (lineMin[c] > 0) {
            // the closest point of the shadow line in the component's metric
            double[] im = invMean[c];
            s = (z[0] * im[0] + z[1] * im[1] + z[2] * im[2]) / meanInvMean[c];
            s = s < lineMin[c] ? lineMin[c] : Math.min(s, 1);
        }
        double d0 = z[0] - s * mu[0], d1 = z[1] - s * mu[1], d2 = z[2] - s * mu[2];
        double[] iv = inv[c];
        double q = d0 * (iv[0] * d0 + iv[1] * d1 + iv[2] * d2)
                + d1 * (iv[3] * d0 + iv[4] * d1 + iv[5] * d2)
                + d2 * (iv[6] * d0 + iv[7] * d1 + iv[8] * d2);
        return logNorm[c] - 0.5 * q;
    }

    int mostLikely(float[] z) {
        int best = 0;
        double bl = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            if (weight[c] == 0) {
                continue;
            }
            double l = componentLog(c, z);
            if (l > bl) {
                bl = l;
                best = c;
            }
        }
        return best;
    }

    /** Negative log-likelihood of a colour under the mixture. */
    double cost(float[] z) {
        return costAndComponent(z, null, 0, new double[k]);
    }

    /** Components, shadow lines included: the length of the scratch array {@link #costAndComponent} needs. */
    int size() {
        return k;
    }

    /**
     * Negative log-likelihood of a colour; also stores the most likely component in
     * {@code component[index]} when {@code component} is given (one pass for both). {@code logs}
     * is the caller's scratch of at least {@link #size()} entries (the model itself holds no state
     * that changes, so threads may share it).
     */
    double costAndComponent(float[] z, int[] component, int index, double[] logs) {
        double[] p = packed;
        double z0 = z[0], z1 = z[1], z2 = z[2];
        double m = Double.NEGATIVE_INFINITY;
        int best = 0;
        for (int c = 0, o = 0; c < k; c++, o += STRIDE) {
            if (p[o + P_WEIGHT] == 0) {
                logs[c] = Double.NEGATIVE_INFINITY;
                continue;
            }
            // componentLog, on the packed parameters (the same arithmetic)
            double s = 1;
            double lineMin = p[o + P_LINE_MIN];
            if (lineMin > 0) {
                s = (z0 * p[o + P_INV_MEAN] + z1 * p[o + P_INV_MEAN + 1] + z2 * p[o + P_INV_MEAN + 2]) / p[o + P_MEAN_INV_MEAN];
                s = s < lineMin ? lineMin : Math.min(s, 1);
            }
            double d0 = z0 - s * p[o + P_MEAN], d1 = z1 - s * p[o + P_MEAN + 1], d2 = z2 - s * p[o + P_MEAN + 2];
            int v = o + P_INV;
            double q = d0 * (p[v] * d0 + p[v + 1] * d1 + p[v + 2] * d2)
                    + d1 * (p[v + 3] * d0 + p[v + 4] * d1 + p[v + 5] * d2)
                    + d2 * (p[v + 6] * d0 + p[v + 7] * d1 + p[v + 8] * d2);
            double l = p[o + P_LOG_NORM] - 0.5 * q;
            logs[c] = l;
            if (l > m) {
                m = l;
                best = c;
            }
        }
        // components more than 30 nats below the best add less than 1e-13 of its likelihood: skip their exp
        double sum = 0;
        for (int c = 0; c < k; c++) {
            double d = logs[c] - m;
            if (d > -30) {
                sum += d == 0 ? 1 : Math.exp(d);
            }
        }
        if (component != null) {
            component[index] = best;
        }
        return -(m + Math.log(sum));
    }

    // Every component's parameters side by side in one array, read per pixel by costAndComponent:
    // the per-component arrays cost a pointer chase each, and this is the segmenter's innermost loop.
    private static final int P_WEIGHT = 0;
    private static final int P_MEAN = 1;
    private static final int P_INV = 4;
    private static final int P_LOG_NORM = 13;
    private static final int P_LINE_MIN = 14;
    private static final int P_INV_MEAN = 15;
    private static final int P_MEAN_INV_MEAN = 18;
    private static final int STRIDE = 19;
    private double[] packed;

    /**
     * Packs the parameters; every factory calls it last, so a model is complete and never changes
     * once returned, and the two GrabCut starts, which run on two threads, can share one.
     */
    private double[] pack() {
        double[] p = new double[k * STRIDE];
        for (int c = 0; c < k; c++) {
            int o = c * STRIDE;
            p[o + P_WEIGHT] = weight[c];
            System.arraycopy(mean[c], 0, p, o + P_MEAN, 3);
            System.arraycopy(inv[c], 0, p, o + P_INV, 9);
            p[o + P_LOG_NORM] = logNorm[c];
            p[o + P_LINE_MIN] = lineMin[c];
            System.arraycopy(invMean[c], 0, p, o + P_INV_MEAN, 3);
            p[o + P_MEAN_INV_MEAN] = meanInvMean[c];
        }
        packed = p;
        return p;
    }

    /** Re-estimates from the used samples with their component given (GrabCut's learning step). */
    static ColorModel refit(int k, float[][] f, boolean[] use, boolean want, int[] component) {
        double[][] sum = new double[k][3];
        double[][] sq = new double[k][9];
        int[] n = new int[k];
        for (int i = 0; i < use.length; i++) {
            if (use[i] != want) {
                continue;
            }
            int c = component[i];
            if (c >= k) {
                continue; // explained by a shadow line: not evidence for the lit colour
            }
            float z0 = f[0][i], z1 = f[1][i], z2 = f[2][i];
            n[c]++;
            sum[c][0] += z0;
            sum[c][1] += z1;
            sum[c][2] += z2;
            double[] q = sq[c];
            q[0] += z0 * z0;
            q[1] += z0 * z1;
            q[2] += z0 * z2;
            q[4] += z1 * z1;
            q[5] += z1 * z2;
            q[8] += z2 * z2;
        }
        for (double[] q : sq) {
            q[3] = q[1];
            q[6] = q[2];
            q[7] = q[5];
        }
        ColorModel model = new ColorModel(k);
        model.fromMoments(sum, sq, n);
        model.pack();
        return model;
    }

    private static double[][] kmeansPlusPlus(float[][] s, int m, int k, Random rnd) {
        double[][] c = new double[k][3];
        int firstIdx = rnd.nextInt(m);
        c[0] = new double[] {s[firstIdx][0], s[firstIdx][1], s[firstIdx][2]};
        double[] d = new double[m];
        java.util.Arrays.fill(d, Double.MAX_VALUE);
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (int i = 0; i < m; i++) {
                double d0 = s[i][0] - c[j - 1][0], d1 = s[i][1] - c[j - 1][1], d2 = s[i][2] - c[j - 1][2];
                d[i] = Math.min(d[i], d0 * d0 + d1 * d1 + d2 * d2);
                total += d[i];
            }
            double r = rnd.nextDouble() * total;
            int pick = m - 1;
            for (int i = 0; i < m; i++) {
                r -= d[i];
                if (r <= 0) {
                    pick = i;
                    break;
                }
            }
            c[j] = new double[] {s[pick][0], s[pick][1], s[pick][2]};
        }
        return c;
    }
}
