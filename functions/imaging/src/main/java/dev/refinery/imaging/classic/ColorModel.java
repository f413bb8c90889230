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

    private ColorModel(int k) {
        this.k = k;
        weight = new double[k];
        mean = new double[k][3];
        inv = new double[k][9];
        logNorm = new double[k];
        logDet = new double[k];
    }

    int components() {
        return k;
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
        return model;
    }

    /** Re-estimates from every used sample assigned to its most likely component (one GrabCut step). */
    static ColorModel refit(ColorModel prior, float[][] f, boolean[] use) {
        int kk = prior.k;
        double[][] sum = new double[kk][3];
        double[][] sq = new double[kk][9];
        int[] n = new int[kk];
        float[] z = new float[3];
        for (int i = 0; i < use.length; i++) {
            if (!use[i]) {
                continue;
            }
            z[0] = f[0][i];
            z[1] = f[1][i];
            z[2] = f[2][i];
            int c = prior.mostLikely(z);
            n[c]++;
            for (int a = 0; a < 3; a++) {
                sum[c][a] += z[a];
                for (int b = 0; b < 3; b++) {
                    sq[c][a * 3 + b] += z[a] * z[b];
                }
            }
        }
        ColorModel model = new ColorModel(kk);
        model.fromMoments(sum, sq, n);
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
     * This mixture plus darker copies of each component (colours scaled by each factor, in 8-bit
     * sRGB units), sharing {@code share} of the weight: a backdrop in its own contact shadow keeps
     * its chromaticity and loses brightness, and the border never shows those shadows.
     */
    ColorModel withShadows(double[] factors, double share) {
        int kk = k * (1 + factors.length);
        ColorModel m = new ColorModel(kk);
        int idx = 0;
        for (int c = 0; c < k; c++) {
            if (weight[c] == 0) {
                m.weight[idx] = 0;
                m.logNorm[idx++] = Double.NEGATIVE_INFINITY;
                for (int f = 0; f < factors.length; f++) {
                    m.weight[idx] = 0;
                    m.logNorm[idx++] = Double.NEGATIVE_INFINITY;
                }
                continue;
            }
            // Only light surfaces get shadow copies: a shadow on a dark one is near black, which a dark product would match.
            boolean light = (mean[c][0] + mean[c][1] + mean[c][2]) / 3 >= MIN_SHADOWED_LEVEL;
            m.copyComponent(idx++, this, c, 1, weight[c] * (light ? 1 - share : 1));
            for (double f : factors) {
                if (light) {
                    m.copyComponent(idx++, this, c, f, weight[c] * share / factors.length);
                } else {
                    m.weight[idx] = 0;
                    m.logNorm[idx++] = Double.NEGATIVE_INFINITY;
                }
            }
        }
        return m;
    }

    private void copyComponent(int dst, ColorModel src, int c, double scale, double w) {
        weight[dst] = w;
        for (int a = 0; a < 3; a++) {
            mean[dst][a] = src.mean[c][a] * scale;
        }
        double s2 = scale * scale;
        for (int i = 0; i < 9; i++) {
            inv[dst][i] = src.inv[c][i] / s2;
        }
        logDet[dst] = src.logDet[c] + 3 * Math.log(s2);
        logNorm[dst] = Math.log(w) - 0.5 * logDet[dst] - 1.5 * Math.log(2 * Math.PI);
    }

    private double componentLog(int c, float[] z) {
        double[] mu = mean[c];
        double d0 = z[0] - mu[0], d1 = z[1] - mu[1], d2 = z[2] - mu[2];
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
        double maxLog = Double.NEGATIVE_INFINITY;
        double[] logs = new double[k];
        for (int c = 0; c < k; c++) {
            logs[c] = weight[c] == 0 ? Double.NEGATIVE_INFINITY : componentLog(c, z);
            maxLog = Math.max(maxLog, logs[c]);
        }
        double s = 0;
        for (int c = 0; c < k; c++) {
            if (logs[c] > Double.NEGATIVE_INFINITY) {
                s += Math.exp(logs[c] - maxLog);
            }
        }
        return -(maxLog + Math.log(s));
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
