package dev.refinery.imaging.classic;

import java.util.Arrays;
import java.util.Locale;

/**
 * White balance, exposure and vignetting correction in linear light.
 *
 * <ul>
 *   <li>Vignetting: the fall-off {@code 1 - k r²} is fitted to the backdrop along the top and bottom
 *       edges, where a wall or floor is lit evenly from side to side; a fit the two edges do not
 *       agree on is not applied.</li>
 *   <li>White balance: the illuminant is the mean colour of the brightest unclipped pixels that
 *       agree on their chromaticity (a light backdrop, a white label), so a minority of bright
 *       coloured pixels does not tint the estimate; gains keep that reference's luminance.</li>
 *   <li>Exposure: the neutralised reference is brought to the level of a properly exposed light
 *       backdrop; the product is never darkened to stand out (the gain is at least 1) and
 *       highlights roll off softly instead of clipping.</li>
 * </ul>
 */
public final class LightingCorrector {
    /**
     * Linear luminance a properly exposed light backdrop's brightest tenth sits at (sRGB ≈ 241): the
     * exposure target. A photo already that bright is left as it is.
     */
    static final double REFERENCE_TARGET = 0.88;
    static final double MAX_EV = 1.8;
    private static final double MAX_GAIN_RATIO = 1.9;
    private static final double CLIPPED_SHARE = 0.01;
    /** Pixels sampled for the estimates: plenty for a median, few enough to sort quickly. */
    private static final int SAMPLES = 60_000;
    private static final float KNEE = 0.90f;

    public LightingCorrector() {
    }

    /** What was estimated and applied. */
    record Correction(double[] gains, double exposureGain, double vignetting, double referenceLuminance,
                      double[] reference, int referencePixels) {
        double ev() {
            return Math.log(exposureGain) / Math.log(2);
        }

        String summary() {
            return String.format(Locale.ROOT, "white balance gains r=%.3f g=%.3f b=%.3f, exposure %+.2f EV%s",
                    gains[0], gains[1], gains[2], ev(), vignetting > 0 ? String.format(Locale.ROOT, ", vignetting k=%.2f compensated", vignetting) : "");
        }
    }

    /** Estimates the correction of an opaque photo (alpha is ignored). */
    Correction estimate(int[] px, int w, int h) {
        double k = estimateVignetting(px, w, h);
        int step = Math.max(1, (int) Math.sqrt(w * (double) h / SAMPLES));
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0, r2max = cx * cx + cy * cy;
        int cap = ((w + step - 1) / step) * ((h + step - 1) / step);
        float[] sr = new float[cap], sg = new float[cap], sb = new float[cap], sl = new float[cap];
        int n = 0, clipped = 0, total = 0;
        for (int y = 0; y < h; y += step) {
            double dy = y - cy;
            for (int x = 0; x < w; x += step) {
                int p = px[y * w + x];
                int r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
                total++;
                if (Math.max(r, Math.max(g, b)) >= 250) {
                    clipped++;
                    continue;
                }
                if (Math.min(r, Math.min(g, b)) <= 3) {
                    continue;
                }
                double dx = x - cx;
                float v = k == 0 ? 1f : (float) (1 / (1 - k * (dx * dx + dy * dy) / r2max));
                sr[n] = Srgb.TO_LINEAR[r] * v;
                sg[n] = Srgb.TO_LINEAR[g] * v;
                sb[n] = Srgb.TO_LINEAR[b] * v;
                sl[n] = Srgb.luminance(sr[n], sg[n], sb[n]);
                n++;
            }
        }
        if (n < 100) {
            return new Correction(new double[] {1, 1, 1}, 1, k, Double.NaN, new double[] {1, 1, 1}, 0);
        }
        float threshold = percentile(sl, n, 0.90);
        // chromaticities of the bright tenth; the median is robust to a minority of coloured highlights
        int nb = 0;
        int[] bright = new int[n];
        for (int i = 0; i < n; i++) {
            if (sl[i] >= threshold) {
                bright[nb++] = i;
            }
        }
        float[] cr = new float[nb], cg = new float[nb];
        for (int j = 0; j < nb; j++) {
            int i = bright[j];
            float sum = sr[i] + sg[i] + sb[i];
            cr[j] = sr[i] / sum;
            cg[j] = sg[i] / sum;
        }
        float mr = percentile(cr, nb, 0.5), mg = percentile(cg, nb, 0.5);
        float[] dist = new float[nb];
        for (int j = 0; j < nb; j++) {
            float a = cr[j] - mr, b = cg[j] - mg;
            dist[j] = a * a + b * b;
        }
        float cut = percentile(dist, nb, 0.5);
        double[] e = new double[3];
        int used = 0;
        for (int j = 0; j < nb; j++) {
            if (dist[j] <= cut) {
                int i = bright[j];
                e[0] += sr[i];
                e[1] += sg[i];
                e[2] += sb[i];
                used++;
            }
        }
        for (int c = 0; c < 3; c++) {
            e[c] /= used;
        }
        double y = 0.2126 * e[0] + 0.7152 * e[1] + 0.0722 * e[2];
        double[] gains = {y / e[0], y / e[1], y / e[2]};
        double gMax = Math.max(gains[0], Math.max(gains[1], gains[2])), gMin = Math.min(gains[0], Math.min(gains[1], gains[2]));
        if (gMax / gMin > MAX_GAIN_RATIO) {
            // Implausibly strong for a lighting cast: the bright reference is a coloured object; correct only partly.
            double t = Math.log(MAX_GAIN_RATIO) / Math.log(gMax / gMin);
            for (int c = 0; c < 3; c++) {
                gains[c] = Math.pow(gains[c], t);
            }
        }
        // A photo whose highlights already clip is bright enough: what is left unclipped is no white reference.
        double exposure = clipped > CLIPPED_SHARE * total ? 1 : Math.max(1, Math.min(Math.pow(2, MAX_EV), REFERENCE_TARGET / y));
        return new Correction(gains, exposure, k, y, e, used);
    }

    /** The q-quantile of the first n values (sorts a copy). */
    static float percentile(float[] v, int n, double q) {
        return Quantile.selectCopy(v, n, Math.min(n - 1, (int) (q * (n - 1))));
    }

    /**
     * Fits {@code L = c (1 - k r²)} to the median luminance of 24 column segments in the top and in the
     * bottom band of the photo, each band on its own (a wall and a floor differ in level); returns k
     * only when both bands see a fall-off and agree on it.
     */
    static double estimateVignetting(int[] px, int w, int h) {
        double top = fitBand(px, w, h, (int) (0.01 * h), (int) (0.07 * h));
        double bottom = fitBand(px, w, h, (int) (0.93 * h), (int) (0.99 * h));
        double k;
        if (Double.isNaN(top) && Double.isNaN(bottom)) {
            return 0;
        } else if (Double.isNaN(top) || Double.isNaN(bottom)) {
            // one band is textured or cluttered: trust the smooth one
            k = Double.isNaN(top) ? bottom : top;
        } else if (Math.abs(top - bottom) > 0.12) {
            return 0;
        } else {
            k = (top + bottom) / 2;
        }
        return k < 0.04 ? 0 : Math.min(0.5, k);
    }

    private static double fitBand(int[] px, int w, int h, int y0, int y1) {
        int cols = 24;
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0, r2max = cx * cx + cy * cy;
        double[] xs = new double[cols], ls = new double[cols];
        int step = Math.max(1, w / 400);
        for (int c = 0; c < cols; c++) {
            int xa = c * w / cols, xb = (c + 1) * w / cols;
            float[] v = new float[((y1 - y0) / step + 1) * ((xb - xa) / step + 1)];
            double r2 = 0;
            int n = 0;
            for (int y = y0; y <= y1; y += step) {
                for (int x = xa; x < xb; x += step) {
                    int p = px[y * w + x];
                    v[n] = Srgb.luminance(Srgb.TO_LINEAR[(p >> 16) & 0xFF], Srgb.TO_LINEAR[(p >> 8) & 0xFF], Srgb.TO_LINEAR[p & 0xFF]);
                    double dx = x - cx, dy = y - cy;
                    r2 += (dx * dx + dy * dy) / r2max;
                    n++;
                }
            }
            ls[c] = percentile(v, n, 0.5);
            xs[c] = r2 / n;
        }
        // robust line fit L = a + b·r²: fit, drop the quarter with the largest residuals, refit
        double[] ab = fitLine(xs, ls, null);
        double[] res = new double[cols];
        for (int c = 0; c < cols; c++) {
            res[c] = Math.abs(ls[c] - (ab[0] + ab[1] * xs[c]));
        }
        double[] sortedRes = res.clone();
        Arrays.sort(sortedRes);
        double limit = sortedRes[(int) (0.75 * (cols - 1))];
        boolean[] keep = new boolean[cols];
        for (int c = 0; c < cols; c++) {
            keep[c] = res[c] <= limit;
        }
        ab = fitLine(xs, ls, keep);
        if (!(ab[0] > 1e-4)) {
            return Double.NaN;
        }
        // the fit must explain the band: a textured or cluttered band is no evidence
        double ssRes = 0, ssTot = 0, mean = 0;
        int n = 0;
        for (int c = 0; c < cols; c++) {
            if (keep[c]) {
                mean += ls[c];
                n++;
            }
        }
        mean /= n;
        for (int c = 0; c < cols; c++) {
            if (keep[c]) {
                double f = ab[0] + ab[1] * xs[c];
                ssRes += (ls[c] - f) * (ls[c] - f);
                ssTot += (ls[c] - mean) * (ls[c] - mean);
            }
        }
        double k = -ab[1] / ab[0];
        double rms = Math.sqrt(ssRes / n) / ab[0];
        // the fall-off must explain the band (a textured or cluttered band is no evidence) and be plausible for a lens
        if (ssTot == 0 || ssRes / ssTot > 0.2 || rms > 0.015 || k > 0.6) {
            return Double.NaN;
        }
        return k;
    }

    private static double[] fitLine(double[] x, double[] y, boolean[] keep) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (keep != null && !keep[i]) {
                continue;
            }
            sx += x[i];
            sy += y[i];
            sxx += x[i] * x[i];
            sxy += x[i] * y[i];
            n++;
        }
        double d = n * sxx - sx * sx;
        if (d == 0) {
            return new double[] {sy / n, 0};
        }
        double b = (n * sxy - sx * sy) / d;
        return new double[] {(sy - b * sx) / n, b};
    }

    /** Applies a correction (and an extra exposure factor) to every pixel; alpha is kept. */
    static int[] apply(int[] px, int w, int h, double[] gains, double exposure, double vignetting) {
        int[] out = new int[px.length];
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0, r2max = cx * cx + cy * cy;
        float[] gain = {(float) (gains[0] * exposure), (float) (gains[1] * exposure), (float) (gains[2] * exposure)};
        float[] rowGain = new float[w];
        Shoulder[] shoulders = new Shoulder[3];
        float[] peaks = peaks(px, w, h, gain, vignetting);
        for (int c = 0; c < 3; c++) {
            shoulders[c] = new Shoulder(peaks[c]);
        }
        for (int y = 0; y < h; y++) {
            double dy = y - cy;
            for (int x = 0; x < w; x++) {
                double dx = x - cx;
                rowGain[x] = vignetting == 0 ? 1f : (float) (1 / (1 - vignetting * (dx * dx + dy * dy) / r2max));
            }
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int p = px[row + x];
                float v = rowGain[x];
                int r = Srgb.encode(shoulders[0].map(Srgb.TO_LINEAR[(p >> 16) & 0xFF] * gain[0] * v));
                int g = Srgb.encode(shoulders[1].map(Srgb.TO_LINEAR[(p >> 8) & 0xFF] * gain[1] * v));
                int b = Srgb.encode(shoulders[2].map(Srgb.TO_LINEAR[p & 0xFF] * gain[2] * v));
                out[row + x] = (p & 0xFF000000) | (r << 16) | (g << 8) | b;
            }
        }
        return out;
    }

    /** The 99.95th percentile of each corrected channel (a few hot pixels may clip). */
    private static float[] peaks(int[] px, int w, int h, float[] gain, double vignetting) {
        int step = Math.max(1, (int) Math.sqrt(w * (double) h / SAMPLES));
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0, r2max = cx * cx + cy * cy;
        int n = ((h + step - 1) / step) * ((w + step - 1) / step);
        float[][] v = new float[3][n];
        int k = 0;
        for (int y = 0; y < h; y += step) {
            for (int x = 0; x < w; x += step) {
                double dx = x - cx, dy = y - cy;
                float f = vignetting == 0 ? 1f : (float) (1 / (1 - vignetting * (dx * dx + dy * dy) / r2max));
                int p = px[y * w + x];
                v[0][k] = Srgb.TO_LINEAR[(p >> 16) & 0xFF] * gain[0] * f;
                v[1][k] = Srgb.TO_LINEAR[(p >> 8) & 0xFF] * gain[1] * f;
                v[2][k] = Srgb.TO_LINEAR[p & 0xFF] * gain[2] * f;
                k++;
            }
        }
        float[] out = new float[3];
        for (int c = 0; c < 3; c++) {
            out[c] = Quantile.select(v[c], k, (int) (0.9995 * (k - 1)));
        }
        return out;
    }

    /**
     * Soft highlight roll-off: identity up to the knee, then a rational curve that brings the
     * channel's peak to exactly 1 with a continuous slope. Identity when nothing exceeds 1.
     */
    static final class Shoulder {
        private final float slope;
        private final float peak;

        Shoulder(float peak) {
            this.peak = peak;
            this.slope = peak > 1 ? (peak - KNEE) / (1 - KNEE) : 1;
        }

        float map(float v) {
            if (peak <= 1 || v <= KNEE) {
                return v;
            }
            float t = Math.min(1f, (v - KNEE) / (peak - KNEE));
            return KNEE + (1 - KNEE) * (slope * t / (1 + (slope - 1) * t));
        }
    }
}
