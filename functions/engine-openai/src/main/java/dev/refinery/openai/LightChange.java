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
 * global change; the light lock ({@link #applyTo}) applies it to the seller's own pixels, which is
 * all of the model's answer the lighting step keeps, and the quality check predicts through it.
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
        return measure(before, after, null);
    }

    /**
     * As above, over the product only ({@code productAlpha} >= 0.5) when it has enough usable pixels: what the light
     * did to the product is what the lock applies to it; a model that brightened the backdrop more than the product
     * would otherwise lend the product the backdrop's change.
     */
    static Measured measure(BufferedImage before, BufferedImage after, float[] productAlpha) {
        if (productAlpha != null) {
            Measured onProduct = blockRatios(before, after, productAlpha);
            if (onProduct != null) {
                return settled(onProduct);
            }
        }
        Measured all = ratios(before, after);
        return all == null ? new Measured(1, 1, 1, 0) : settled(all);
    }

    /**
     * A change within the model's own noise is none: an answer returned unchanged reads about 0.01 EV through its JPEG
     * round trip, and the lock would otherwise move every pixel of the seller's photo by that.
     */
    static final double SETTLED_EV = 0.03, SETTLED_GAIN = 0.01;

    private static Measured settled(Measured m) {
        return new Measured(Math.abs(m.gainR() - 1) < SETTLED_GAIN ? 1 : m.gainR(), 1, Math.abs(m.gainB() - 1) < SETTLED_GAIN ? 1 : m.gainB(),
                Math.abs(m.exposureEv()) < SETTLED_EV ? 0 : m.exposureEv());
    }

    /** Blocks whose means the product's ratios are read from need at least this many. */
    private static final int MIN_BLOCKS = 30;

    /**
     * The product's ratios from the means of small blocks (linear light) wholly inside it, none clipped: a label's print
     * or a pattern goes through the model's JPEG answer with its colours smeared pixel by pixel (4:2:0 chroma), which
     * a pixel's ratio reads as a change of light and a block's mean does not (a red and yellow check of 4 px cells: 0.71
     * EV read pixel by pixel for a change of 0.33).
     */
    private static Measured blockRatios(BufferedImage before, BufferedImage after, float[] productAlpha) {
        int w = before.getWidth(), h = before.getHeight();
        if (after.getWidth() != w || after.getHeight() != h) {
            throw new IllegalArgumentException("the two pictures differ in size");
        }
        int[] a = ArgbPixels.of(before).argb(), b = ArgbPixels.of(after).argb();
        int block = Math.max(6, Math.min(w, h) / 100);
        int cols = w / block, rows = h / block;
        double[][] ratios = new double[3][cols * rows];
        double dark = ColorMath.toLinear(12);
        int n = 0;
        for (int by = 0; by < rows; by++) {
            blocks:
            for (int bx = 0; bx < cols; bx++) {
                double[] sa = new double[3], sb = new double[3];
                for (int y = by * block; y < (by + 1) * block; y++) {
                    for (int x = bx * block; x < (bx + 1) * block; x++) {
                        int i = y * w + x, p = a[i], q = b[i];
                        if (productAlpha[i] < 0.5f || max8(p) >= 250 || max8(q) >= 250) {
                            continue blocks;
                        }
                        for (int c = 0; c < 3; c++) {
                            int sh = 16 - 8 * c;
                            sa[c] += ColorMath.toLinear((p >> sh) & 0xFF);
                            sb[c] += ColorMath.toLinear((q >> sh) & 0xFF);
                        }
                    }
                }
                double px = block * (double) block;
                if (Math.min(sa[0], Math.min(sa[1], sa[2])) / px <= dark || Math.min(sb[0], Math.min(sb[1], sb[2])) / px <= dark) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    ratios[c][n] = sb[c] / sa[c];
                }
                n++;
            }
        }
        if (n < MIN_BLOCKS) {
            return null;
        }
        double r = median(ratios[0], n), g = median(ratios[1], n), bl = median(ratios[2], n);
        return new Measured(r / g, 1, bl / g, Math.log(g) / Math.log(2));
    }

    private static int max8(int p) {
        return Math.max((p >> 16) & 0xFF, Math.max((p >> 8) & 0xFF, p & 0xFF));
    }

    private static Measured ratios(BufferedImage before, BufferedImage after) {
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
            return null;
        }
        double r = median(ratios[0], n), g = median(ratios[1], n), bl = median(ratios[2], n);
        return new Measured(r / g, 1, bl / g, Math.log(g) / Math.log(2));
    }

    /** Linear luminance from which a brightened colour rolls off towards white instead of clipping. */
    static final double KNEE = 0.8;
    private static final int TO_SRGB_STEPS = 65536;
    private static final int[] TO_SRGB = new int[TO_SRGB_STEPS + 1];

    static {
        for (int i = 0; i <= TO_SRGB_STEPS; i++) {
            TO_SRGB[i] = ColorMath.fromLinear(i / (double) TO_SRGB_STEPS);
        }
    }

    /**
     * The light lock: {@code change} applied to the seller's own pixels (per-channel gains and exposure in linear light,
     * the brightest colours rolled off towards white with their hue kept, as the classic engine's lighting does), so
     * the lighting step shows the seller's product under the model's light and nothing the model redrew. Alpha is kept.
     */
    static BufferedImage applyTo(BufferedImage seller, Measured change) {
        int w = seller.getWidth(), h = seller.getHeight();
        double e = Math.pow(2, change.exposureEv());
        double[][] lut = new double[3][256];
        double[] gains = {change.gainR() * e, change.gainG() * e, change.gainB() * e};
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                lut[c][v] = ColorMath.toLinear(v) * gains[c];
            }
        }
        int[] px = ArgbPixels.of(seller).argb();
        int[] out = new int[px.length];
        // only a gain above 1 can push a colour past white; without one the seller's bright colours stay as they are
        boolean rollOff = Math.max(gains[0], Math.max(gains[1], gains[2])) > 1;
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            double r = lut[0][(p >> 16) & 0xFF], g = lut[1][(p >> 8) & 0xFF], b = lut[2][p & 0xFF];
            double m = Math.max(r, Math.max(g, b));
            if (rollOff && m > KNEE) {
                double rolled = KNEE + (1 - KNEE) * (1 - Math.exp(-(m - KNEE) / (1 - KNEE)));
                double k = rolled / m;
                r *= k;
                g *= k;
                b *= k;
            }
            out[i] = (p & 0xFF000000) | (srgb(r) << 16) | (srgb(g) << 8) | srgb(b);
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, w, h, out, 0, w);
        return img;
    }

    /**
     * How far the model's answer strays from the lock's picture over the product: mean CIEDE2000 over a grid of product
     * pixels. What the model redrew beyond a change of the light — left out by the lock, recorded so it can be seen.
     */
    static double strayed(BufferedImage model, BufferedImage locked, float[] productAlpha) {
        int w = locked.getWidth(), h = locked.getHeight();
        int[] a = ArgbPixels.of(model).argb(), b = ArgbPixels.of(locked).argb();
        int step = Math.max(1, (int) Math.sqrt(a.length / 4000.0));
        double sum = 0;
        int n = 0;
        for (int y = 0; y < h; y += step) {
            for (int x = 0; x < w; x += step) {
                int i = y * w + x;
                if (productAlpha != null && productAlpha[i] < 0.5f) {
                    continue;
                }
                sum += ColorMath.deltaE2000(a[i] & 0xFFFFFF, b[i] & 0xFFFFFF);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private static int srgb(double linear) {
        return TO_SRGB[(int) Math.round(Math.max(0, Math.min(1, linear)) * TO_SRGB_STEPS)];
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
