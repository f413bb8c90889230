package dev.refinery.qualitylab;

/**
 * Structural similarity (Wang, Bovik, Sheikh and Simoncelli 2004) of two grey images of one size:
 * an 11-tap Gaussian window (sigma 1.5), K1 = 0.01, K2 = 0.03, L = 255; the mean of the SSIM map
 * (edges handled by clamping the window to the image).
 */
final class Ssim {
    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);
    private static final double[] WINDOW = gaussian(5, 1.5);

    private Ssim() {
    }

    static double ssim(double[] a, double[] b, int w, int h) {
        return ssim(a, b, w, h, null);
    }

    /** The mean of the SSIM map over the cells {@code include} marks (all when null or none is marked). */
    static double ssim(double[] a, double[] b, int w, int h, boolean[] include) {
        if (a.length != w * h || b.length != w * h) {
            throw new IllegalArgumentException("images differ in size");
        }
        double[] aa = new double[a.length], bb = new double[a.length], ab = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            aa[i] = a[i] * a[i];
            bb[i] = b[i] * b[i];
            ab[i] = a[i] * b[i];
        }
        double[] ma = blur(a, w, h), mb = blur(b, w, h);
        double[] saa = blur(aa, w, h), sbb = blur(bb, w, h), sab = blur(ab, w, h);
        double sum = 0;
        int n = 0;
        boolean all = include == null || !anyTrue(include);
        for (int i = 0; i < a.length; i++) {
            if (!all && !include[i]) continue;
            double va = saa[i] - ma[i] * ma[i], vb = sbb[i] - mb[i] * mb[i], cov = sab[i] - ma[i] * mb[i];
            sum += ((2 * ma[i] * mb[i] + C1) * (2 * cov + C2))
                    / ((ma[i] * ma[i] + mb[i] * mb[i] + C1) * (va + vb + C2));
            n++;
        }
        return sum / n;
    }

    private static boolean anyTrue(boolean[] v) {
        for (boolean x : v) {
            if (x) return true;
        }
        return false;
    }

    /** Rec. 601 luma (0..255) of packed RGB pixels. */
    static double[] luma(int[] rgb) {
        double[] y = new double[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int v = rgb[i];
            y[i] = 0.299 * ((v >> 16) & 0xFF) + 0.587 * ((v >> 8) & 0xFF) + 0.114 * (v & 0xFF);
        }
        return y;
    }

    // Not core's GaussianBlur: SSIM's window weighs local statistics in double, renormalised where it leaves the image (no clamping); the committed figures rest on it.
    static double[] blur(double[] src, int w, int h) {
        double[] tmp = new double[src.length], out = new double[src.length];
        int r = WINDOW.length / 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0, ws = 0;
                for (int k = -r; k <= r; k++) {
                    int xx = x + k;
                    if (xx >= 0 && xx < w) {
                        s += WINDOW[k + r] * src[y * w + xx];
                        ws += WINDOW[k + r];
                    }
                }
                tmp[y * w + x] = s / ws;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0, ws = 0;
                for (int k = -r; k <= r; k++) {
                    int yy = y + k;
                    if (yy >= 0 && yy < h) {
                        s += WINDOW[k + r] * tmp[yy * w + x];
                        ws += WINDOW[k + r];
                    }
                }
                out[y * w + x] = s / ws;
            }
        }
        return out;
    }

    static double[] gaussian(int radius, double sigma) {
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }
}
