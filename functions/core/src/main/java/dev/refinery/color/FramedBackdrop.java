package dev.refinery.color;

/**
 * The backdrop seen through a product: along each row, the pixels of a stretch of the product (a mask's run) whose
 * colour is the backdrop's just outside that stretch on <em>both</em> sides — within {@code deltaE} (CIE76) of the
 * mean of a few pixels beyond each end — and which are framed on both sides by product that is not (at least
 * {@code band} pixels of other colours beyond the stretch's soft ends). A ring's opening or a handle's, filled in by
 * a segmenter, shows what lies beside the product in the same rows; a product's own colour that happens to match its
 * backdrop reaches the stretch's ends and is not framed. Clear glass and polished metal, whose backdrop does show
 * through or in them, pass the test too: callers decide what to do with them.
 *
 * <p>One test for two callers: the classic segmenter, which opens such holes when its colour cut agrees, and the
 * quality check, which names those left filled (docs/decisions.md, round 16).
 */
public final class FramedBackdrop {

    /**
     * @param rim    pixels at each end of a stretch left out (its soft edge)
     * @param gap    pixels skipped beyond each end before sampling the backdrop
     * @param sample backdrop pixels averaged on each side
     * @param band   pixels of other colours a run needs between it and each end of the stretch, beyond the rim
     */
    public record Geometry(int rim, int gap, int sample, int band) {
    }

    private FramedBackdrop() {
    }

    /**
     * The framed pixels, in 4-connected pieces of at least {@code minPiece} of the product's area ({@code product}
     * true), and their total share of it.
     */
    public record Found(boolean[] framed, double share) {
    }

    /**
     * @param product the product's pixels
     * @param lab     every pixel's CIE Lab, {@code lab[i] = {L, a, b}}
     */
    public static Found find(boolean[] product, float[][] lab, int w, int h, Geometry g, double deltaE, double minPiece) {
        int n = w * h;
        boolean[] like = new boolean[n];
        double limit = deltaE * deltaE;
        for (int y = 0; y < h; y++) {
            int x = 0;
            while (x < w) {
                if (!product[y * w + x]) {
                    x++;
                    continue;
                }
                int x0 = x;
                while (x < w && product[y * w + x]) {
                    x++;
                }
                int x1 = x - 1;
                float[] left = beside(product, lab, w, y, x0 - 1 - g.gap(), -1, g.sample());
                float[] right = beside(product, lab, w, y, x1 + 1 + g.gap(), 1, g.sample());
                if (left == null || right == null) {
                    continue;
                }
                int from = x0 + g.rim(), to = x1 - g.rim();
                int i = from;
                while (i <= to) {
                    if (!shows(lab[y * w + i], left, right, limit)) {
                        i++;
                        continue;
                    }
                    int a = i;
                    while (i <= to && shows(lab[y * w + i], left, right, limit)) {
                        i++;
                    }
                    int b = i - 1;
                    if (a >= from + g.band() && b <= to - g.band()) {
                        for (int k = a; k <= b; k++) {
                            like[y * w + k] = true;
                        }
                    }
                }
            }
        }
        long area = 0;
        for (boolean p : product) {
            area += p ? 1 : 0;
        }
        boolean[] framed = new boolean[n];
        int[] queue = new int[n];
        boolean[] seen = new boolean[n];
        long total = 0;
        for (int s = 0; s < n; s++) {
            if (!like[s] || seen[s]) {
                continue;
            }
            int head = 0, tail = 0;
            queue[tail++] = s;
            seen[s] = true;
            while (head < tail) {
                int p = queue[head++], px = p % w, py = p / w;
                int[] nb = {px > 0 ? p - 1 : -1, px < w - 1 ? p + 1 : -1, py > 0 ? p - w : -1, py < h - 1 ? p + w : -1};
                for (int q : nb) {
                    if (q >= 0 && like[q] && !seen[q]) {
                        seen[q] = true;
                        queue[tail++] = q;
                    }
                }
            }
            if (tail >= minPiece * area) {
                for (int k = 0; k < tail; k++) {
                    framed[queue[k]] = true;
                }
                total += tail;
            }
        }
        return new Found(framed, area == 0 ? 0 : total / (double) area);
    }

    /** Lab of an sRGB colour given as 0..255 channel values (area averages allowed). */
    public static float[] lab(double r, double g, double b) {
        double[] l = ColorMath.linearToLab(linear(r), linear(g), linear(b));
        return new float[]{(float) l[0], (float) l[1], (float) l[2]};
    }

    private static double linear(double v) {
        double c = Math.max(0, Math.min(255, v));
        double quarters = c * 4;
        int q = (int) quarters;
        return q == quarters ? QUARTER_STEPS_TO_LINEAR[q] : toLinear(c);
    }

    private static double toLinear(double channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    /*
     * The quality check asks for the mean of 2x2 pixels, always a quarter step: a table of the 1021 steps spares
     * Math.pow, which made this conversion the check's hottest line (129 of ~1,400 profiler samples over a burst of
     * 50 sessions). Other values (the segmenter's resampled means) are converted exactly.
     */
    private static final double[] QUARTER_STEPS_TO_LINEAR = new double[4 * 255 + 1];

    static {
        for (int i = 0; i < QUARTER_STEPS_TO_LINEAR.length; i++) {
            QUARTER_STEPS_TO_LINEAR[i] = toLinear(i / 4.0);
        }
    }

    private static boolean shows(float[] c, float[] left, float[] right, double limit) {
        return dist2(c, left) < limit && dist2(c, right) < limit;
    }

    /** Mean Lab of {@code sample} backdrop pixels from {@code x} on in direction {@code dir}, or null when the row runs out or meets product. */
    private static float[] beside(boolean[] product, float[][] lab, int w, int y, int x, int dir, int sample) {
        float[] sum = new float[3];
        for (int k = 0; k < sample; k++) {
            int xx = x + dir * k;
            if (xx < 0 || xx >= w || product[y * w + xx]) {
                return null;
            }
            for (int c = 0; c < 3; c++) {
                sum[c] += lab[y * w + xx][c] / sample;
            }
        }
        return sum;
    }

    private static double dist2(float[] a, float[] b) {
        double d0 = a[0] - b[0], d1 = a[1] - b[1], d2 = a[2] - b[2];
        return d0 * d0 + d1 * d1 + d2 * d2;
    }
}
