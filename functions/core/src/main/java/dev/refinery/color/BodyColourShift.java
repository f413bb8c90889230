package dev.refinery.color;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The seller's "the mug is navy": the product's main (body) colour moved toward a colour the seller names, by at most
 * {@link #MAX_DELTA_E} CIEDE2000, leaving every other colour of the product — print, labels, logos, highlights — as it
 * was. It is a correction of how the camera rendered the product, not a recolouring into another variant.
 *
 * <p>The body colour is the mode of the cut-out's colours (mean shift in CIE Lab from the densest bin, lightness
 * weighted {@link #LIGHTNESS_WEIGHT}, so one material's shading from its lit side to its shaded side — 30–40 L* on
 * a curved can — stays one colour while a print of another hue or a white label does not join it); of the product's
 * large colours, the one nearest the colour named. Each pixel moves by the shift times its weight: 1 within
 * {@link #CORE} of the body colour, none beyond {@link #REACH}, and none outside the body's large regions
 * ({@link #weights}). The shift is added in Lab, so shading, texture and the print's contrast are kept.
 *
 * <p>The same record is what the detail version declares (its {@link #params()}), so the quality check predicts the
 * final's colours through it instead of calling the asked-for change an undeclared one.
 *
 * @param target    the colour as the seller named it
 * @param body      the body colour before the shift (Lab)
 * @param delta     the shift applied to the body colour (Lab)
 * @param share     the share of the product's pixels that are body colour (weight at least 0.5)
 * @param remaining CIEDE2000 from the shifted body colour to the target
 */
public record BodyColourShift(String target, double[] body, double[] delta, double share, double remaining) {
    /**
     * The largest change of the body colour (CIEDE2000). On the photo lab the photos' product colours are off their
     * neutral-light truth by a median of 4.8 and a 90th percentile of 10.9 (67 photos, docs/quality.md "ΔE in"): a
     * shift of 10 corrects most of what a camera and a room's light get wrong; beyond it the seller is asking for a
     * different product, which no photo edit may show.
     */
    public static final double MAX_DELTA_E = 10;
    /** A body-coloured region smaller than this share of the product is something printed on it, not the body. */
    static final double MIN_REGION = 0.02;
    /** How far the body's regions are grown for their soft edges, as a share of the product's size (√ of its area). */
    static final double REGION_GROWTH = 0.004;
    /** The most colours of the product considered for the one a seller names. */
    static final int MODES = 3;
    /** Weighted Lab distance within which a pixel is body colour and moves all the way. */
    static final double CORE = 12;
    /** Weighted Lab distance beyond which a pixel is something else (print, a label, a highlight) and does not move. */
    static final double REACH = 24;
    /** Lightness counts this much against a* and b* in the distance: shading is not a different colour. */
    static final double LIGHTNESS_WEIGHT = 0.3;
    /** Below this share of the product in one colour there is no body colour to move (a multicoloured product). */
    public static final double MIN_SHARE = 0.25;
    /** At most this many pixels are sampled to find the body colour (every n-th). */
    private static final int SAMPLES = 120_000;

    /** A product's body colour and the share of its pixels that have it. */
    public record Body(double[] lab, double share) {
    }

    /** The body colour of the product: its largest colour (the opaque pixels of a cut-out; every pixel without transparency). */
    public static Body body(int[] argb) {
        return body(argb, null);
    }

    /**
     * The body colour the seller means by {@code target}: of the product's colours that each cover at least
     * {@link #MIN_SHARE} of it (up to {@value #MODES}), the one nearest the target. A can whose label is larger than the
     * visible can is "navy" by its can, not by its salmon label; with no target, the largest.
     */
    public static Body body(int[] argb, double[] target) {
        double[][] lab = samples(argb);
        int k = lab.length;
        if (k == 0) {
            return new Body(new double[] {0, 0, 0}, 0);
        }
        boolean[] taken = new boolean[k];
        Body best = null, largest = null;
        for (int mode = 0; mode < MODES; mode++) {
            double[] centre = mode(lab, taken);
            if (centre == null) {
                break;
            }
            int members = 0, free = 0;
            for (int i = 0; i < k; i++) {
                double d = distance(lab[i], centre);
                if (weight(d) >= 0.5) {
                    members++;
                }
                if (!taken[i] && d <= REACH) {
                    taken[i] = true;
                    free++;
                }
            }
            Body b = new Body(centre, members / (double) k);
            if (largest == null || b.share() > largest.share()) {
                largest = b;
            }
            if (b.share() >= MIN_SHARE && (best == null || target != null
                    && ColorMath.deltaE2000(b.lab(), target) < ColorMath.deltaE2000(best.lab(), target))) {
                best = b;
            }
            if (free == 0 || target == null) {
                break;
            }
        }
        return best != null ? best : largest;
    }

    /** Lab of the opaque pixels of a cut-out (every pixel when there is no transparency), at most {@link #SAMPLES}. */
    private static double[][] samples(int[] argb) {
        boolean cutout = false;
        for (int p : argb) {
            if ((p >>> 24) < 255) {
                cutout = true;
                break;
            }
        }
        int n = 0;
        for (int p : argb) {
            if (!cutout || (p >>> 24) == 255) {
                n++;
            }
        }
        int stride = Math.max(1, n / SAMPLES);
        double[][] lab = new double[n == 0 ? 0 : (n + stride - 1) / stride][];
        int k = 0, seen = 0;
        for (int p : argb) {
            if ((!cutout || (p >>> 24) == 255) && seen++ % stride == 0 && k < lab.length) {
                lab[k++] = ColorMath.rgbToLab(p & 0xFFFFFF);
            }
        }
        return k == lab.length ? lab : java.util.Arrays.copyOf(lab, k);
    }

    /** The mode of the samples not yet taken: the densest bin's mean, climbed by mean shift over every sample; null when none is left. */
    private static double[] mode(double[][] lab, boolean[] taken) {
        Map<Long, Integer> bins = new java.util.HashMap<>();
        long best = 0;
        int bestCount = 0;
        for (int i = 0; i < lab.length; i++) {
            if (taken[i]) {
                continue;
            }
            long key = bin(lab[i]);
            int c = bins.merge(key, 1, Integer::sum);
            if (c > bestCount) {
                bestCount = c;
                best = key;
            }
        }
        if (bestCount == 0) {
            return null;
        }
        double[] centre = new double[3];
        for (int i = 0; i < lab.length; i++) {
            if (!taken[i] && bin(lab[i]) == best) {
                for (int c = 0; c < 3; c++) {
                    centre[c] += lab[i][c] / bestCount;
                }
            }
        }
        for (int iter = 0; iter < 30; iter++) {
            double[] sum = new double[3];
            int m = 0;
            for (double[] v : lab) {
                if (distance(v, centre) <= CORE) {
                    for (int c = 0; c < 3; c++) {
                        sum[c] += v[c];
                    }
                    m++;
                }
            }
            if (m == 0) {
                break;
            }
            double moved = 0;
            for (int c = 0; c < 3; c++) {
                double v = sum[c] / m;
                moved = Math.max(moved, Math.abs(v - centre[c]));
                centre[c] = v;
            }
            if (moved < 0.05) {
                break;
            }
        }
        return centre;
    }

    /**
     * The shift that moves this product's body colour {@code strength} of the way (0–1) toward {@code target}, within
     * {@link #MAX_DELTA_E}.
     */
    public static BodyColourShift toward(int[] argb, NamedColours.Named target, double strength) {
        Body b = body(argb, target.lab());
        double[] full = new double[3];
        for (int c = 0; c < 3; c++) {
            full[c] = (target.lab()[c] - b.lab()[c]) * Math.max(0, Math.min(1, strength));
        }
        double s = 1;
        if (ColorMath.deltaE2000(b.lab(), plus(b.lab(), full, 1)) > MAX_DELTA_E) {
            double lo = 0, hi = 1;
            for (int i = 0; i < 40; i++) {
                double mid = (lo + hi) / 2;
                if (ColorMath.deltaE2000(b.lab(), plus(b.lab(), full, mid)) > MAX_DELTA_E) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            s = lo;
        }
        double[] delta = {full[0] * s, full[1] * s, full[2] * s};
        return new BodyColourShift(target.words(), b.lab(), delta, b.share(), ColorMath.deltaE2000(plus(b.lab(), delta, 1), target.lab()));
    }

    /** CIEDE2000 the body colour moves. */
    public double moved() {
        return ColorMath.deltaE2000(body, plus(body, delta, 1));
    }

    /** Whether the product has a body colour to move ({@link #MIN_SHARE}). */
    public boolean applicable() {
        return share >= MIN_SHARE;
    }

    /** How much of the shift a Lab colour takes: 1 for the body colour, 0 for print, labels and highlights. */
    public double weightOf(double[] lab) {
        return weight(distance(lab, body));
    }

    /** The shifted colour of one Lab colour. */
    public double[] apply(double[] lab) {
        double w = weight(distance(lab, body));
        return w == 0 ? lab : plus(lab, delta, w);
    }

    /**
     * How much of the shift each pixel of a {@code width}-wide image takes: its colour's weight, where it belongs to a
     * region of body colour covering at least {@link #MIN_REGION} of the product (grown by {@link #REGION_GROWTH} of
     * the product's size, for the soft edge between the body and what lies on it). Glyphs of a dark print on a dark
     * body are body-coloured but small islands in the label: without this, "navy" turned a pink mug's black
     * lettering dark blue (photo lab pl-012).
     */
    public float[] weights(int[] argb, int width) {
        int n = argb.length, height = n / width;
        float[] w = new float[n];
        boolean[] core = new boolean[n];
        int opaque = 0;
        Map<Integer, Float> memo = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            int p = argb[i];
            if ((p >>> 24) == 0) {
                continue;
            }
            opaque++;
            int rgb = p & 0xFFFFFF;
            Float f = memo.get(rgb);
            if (f == null) {
                f = (float) weightOf(ColorMath.rgbToLab(rgb));
                if (memo.size() < 1 << 20) {
                    memo.put(rgb, f);
                }
            }
            w[i] = f;
            core[i] = f >= 0.5f;
        }
        boolean[] member = largeRegions(core, width, height, Math.max(1, (int) Math.ceil(MIN_REGION * opaque)));
        int grow = Math.max(1, (int) Math.round(REGION_GROWTH * Math.sqrt(opaque)));
        boolean[] near = Masks.dilate(member, width, height, grow);
        for (int i = 0; i < n; i++) {
            if (!near[i]) {
                w[i] = 0;
            }
        }
        return w;
    }

    /** The shifted pixels of a {@code width}-wide image; transparent pixels and alpha are kept. */
    public int[] apply(int[] argb, int width) {
        float[] w = weights(argb, width);
        int[] out = argb.clone();
        // a moving pixel's weight is its colour's (weights() zeroes only whole regions), so its result depends on its
        // colour alone: each colour converted once, as weights() does
        Map<Integer, Integer> shifted = new java.util.HashMap<>();
        for (int i = 0; i < out.length; i++) {
            if (w[i] > 0) {
                int rgb = argb[i] & 0xFFFFFF;
                Integer done = shifted.get(rgb);
                if (done == null) {
                    done = ColorMath.labToRgb(plus(ColorMath.rgbToLab(rgb), delta, w[i]));
                    if (shifted.size() < 1 << 20) {
                        shifted.put(rgb, done);
                    }
                }
                out[i] = (argb[i] & 0xFF000000) | done;
            }
        }
        return out;
    }

    /** The pixels of {@code core} in 4-connected regions of at least {@code minSize} pixels. */
    private static boolean[] largeRegions(boolean[] core, int width, int height, int minSize) {
        int n = core.length;
        int[] label = new int[n];
        int[] queue = new int[n];
        boolean[] out = new boolean[n];
        int next = 0;
        for (int s = 0; s < n; s++) {
            if (!core[s] || label[s] != 0) {
                continue;
            }
            next++;
            int head = 0, tail = 0;
            queue[tail++] = s;
            label[s] = next;
            while (head < tail) {
                int i = queue[head++], x = i % width, y = i / width;
                if (x > 0 && core[i - 1] && label[i - 1] == 0) { label[i - 1] = next; queue[tail++] = i - 1; }
                if (x < width - 1 && core[i + 1] && label[i + 1] == 0) { label[i + 1] = next; queue[tail++] = i + 1; }
                if (y > 0 && core[i - width] && label[i - width] == 0) { label[i - width] = next; queue[tail++] = i - width; }
                if (y < height - 1 && core[i + width] && label[i + width] == 0) { label[i + width] = next; queue[tail++] = i + width; }
            }
            if (tail >= minSize) {
                for (int q = 0; q < tail; q++) {
                    out[queue[q]] = true;
                }
            }
        }
        return out;
    }

    /**
     * The mean Lab colours of {@code before} and of {@code after} (the same size) over the pixels opaque in both that
     * {@code select} picks: what a colour change did to a part of the product. Null when fewer than {@code min} pixels.
     */
    public static double[][] meanLab(int[] before, int[] after, java.util.function.IntPredicate select, int min) {
        double[] sb = new double[3], sa = new double[3];
        long n = 0;
        for (int i = 0; i < Math.min(before.length, after.length); i++) {
            if ((before[i] >>> 24) < 255 || (after[i] >>> 24) < 255 || !select.test(i)) {
                continue;
            }
            double[] lb = ColorMath.rgbToLab(before[i] & 0xFFFFFF), la = ColorMath.rgbToLab(after[i] & 0xFFFFFF);
            for (int c = 0; c < 3; c++) {
                sb[c] += lb[c];
                sa[c] += la[c];
            }
            n++;
        }
        if (n < Math.max(1, min)) {
            return null;
        }
        for (int c = 0; c < 3; c++) {
            sb[c] /= n;
            sa[c] /= n;
        }
        return new double[][] {sb, sa};
    }

    /** What a version records of the shift, read back by {@link #fromParams}. */
    public Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("colour.target", target);
        p.put("colour.body", triple(body));
        p.put("colour.delta", triple(delta));
        p.put("colour.share", String.format(Locale.ROOT, "%.3f", share));
        p.put("colour.moved", String.format(Locale.ROOT, "%.2f", moved()));
        p.put("colour.remaining", String.format(Locale.ROOT, "%.2f", remaining));
        return p;
    }

    /** The shift a version declared, or null when it declared none. */
    public static BodyColourShift fromParams(Map<String, String> params) {
        try {
            if (!params.containsKey("colour.body") || !params.containsKey("colour.delta")) {
                return null;
            }
            return new BodyColourShift(params.getOrDefault("colour.target", ""), parse(params.get("colour.body")), parse(params.get("colour.delta")),
                    Double.parseDouble(params.getOrDefault("colour.share", "NaN")), Double.parseDouble(params.getOrDefault("colour.remaining", "NaN")));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The bin of 10 L* × 6 a* × 6 b* a colour falls in. */
    private static long bin(double[] lab) {
        return ((long) Math.floor(lab[0] / 10) << 40) | ((long) Math.floor(lab[1] / 6) + 1000 << 20) | ((long) Math.floor(lab[2] / 6) + 1000);
    }

    static double distance(double[] lab, double[] centre) {
        double dl = (lab[0] - centre[0]) * LIGHTNESS_WEIGHT, da = lab[1] - centre[1], db = lab[2] - centre[2];
        return Math.sqrt(dl * dl + da * da + db * db);
    }

    static double weight(double d) {
        if (d <= CORE) {
            return 1;
        }
        if (d >= REACH) {
            return 0;
        }
        double t = (REACH - d) / (REACH - CORE);
        return t * t * (3 - 2 * t);
    }

    private static double[] plus(double[] a, double[] d, double s) {
        return new double[] {a[0] + d[0] * s, a[1] + d[1] * s, a[2] + d[2] * s};
    }

    private static String triple(double[] v) {
        return String.format(Locale.ROOT, "%.3f,%.3f,%.3f", v[0], v[1], v[2]);
    }

    private static double[] parse(String s) {
        String[] p = s.split(",");
        return new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2])};
    }
}
