package dev.refinery.openai;

import dev.refinery.color.ArgbPixels;
import dev.refinery.color.ColorMath;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The change a lighting edit made, measured between the picture it was given and the model's
 * answer as the classic engine declares its own: per-channel white-balance gains (green 1) and an
 * exposure change in EV, each the median ratio of linear values over pixels neither clipped nor
 * near black in either picture. A model does not apply one global gain, so this is the nearest
 * global change; the quality check predicts the final's colours through it and flags whatever the
 * model did beyond it as an undeclared change.
 */
final class LightChange {
    /** Samples on a grid: enough for a stable median, few enough to sort at once. */
    private static final int SAMPLES = 40_000;

    private LightChange() {
    }

    record Measured(double gainR, double gainG, double gainB, double exposureEv) {
        Map<String, String> params() {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("gainR", fmt(gainR));
            p.put("gainG", fmt(gainG));
            p.put("gainB", fmt(gainB));
            p.put("exposureEv", fmt(exposureEv));
            p.put("vignetting", "0");
            return p;
        }
    }

    static Measured measure(BufferedImage before, BufferedImage after) {
        if (before.getWidth() != after.getWidth() || before.getHeight() != after.getHeight()) {
            throw new IllegalArgumentException("the two pictures differ in size");
        }
        int[] a = ArgbPixels.of(before).argb(), b = ArgbPixels.of(after).argb();
        int step = Math.max(1, (int) Math.sqrt(a.length / (double) SAMPLES));
        int w = before.getWidth(), h = before.getHeight();
        double[][] ratios = new double[3][(w / step + 1) * (h / step + 1)];
        int n = 0;
        for (int y = 0; y < h; y += step) {
            for (int x = 0; x < w; x += step) {
                int p = a[y * w + x], q = b[y * w + x];
                if (!usable(p) || !usable(q)) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    int sh = 16 - 8 * c;
                    ratios[c][n] = ColorMath.toLinear((q >> sh) & 0xFF) / ColorMath.toLinear((p >> sh) & 0xFF);
                }
                n++;
            }
        }
        if (n < 100) {
            return new Measured(1, 1, 1, 0);
        }
        double r = median(ratios[0], n), g = median(ratios[1], n), bl = median(ratios[2], n);
        return new Measured(r / g, 1, bl / g, Math.log(g) / Math.log(2));
    }

    /** Neither clipped nor so dark that JPEG noise decides the ratio. */
    private static boolean usable(int p) {
        int r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
        return Math.max(r, Math.max(g, b)) < 250 && Math.min(r, Math.min(g, b)) > 12;
    }

    private static double median(double[] v, int n) {
        double[] s = Arrays.copyOf(v, n);
        Arrays.sort(s);
        return s[n / 2];
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
