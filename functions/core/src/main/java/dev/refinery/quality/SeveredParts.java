package dev.refinery.quality;

import dev.refinery.color.ColorMath;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A thin part of the cut-out that stops where the photo shows it going on. A product's thin parts (a
 * handle, a strap, a spoon) end in the photo where the cut-out ends them: beyond the tip lies backdrop. A
 * dress form's pole, a hanger's hook or a stand's arm kept in part ends inside the cut-out's outline
 * while the photo carries on in the same colour — as does a strap the cut-out cut off. pl-053 (a T-shirt
 * on a dress form) kept a stub of the pole, 2.7% of the garment's area: too small for the area tests
 * ({@code cutout-left-out} compares with the product's area, 15%) and 1% of the outline for the outline
 * tests, so it passed, with a black stick under the shirt.
 *
 * <p>How: the cut-out's thin parts are what an opening (erosion then dilation) by a radius of
 * {@link #THIN_RADIUS} of the product's size removes; from each such part's free outline, the photo is
 * followed outwards through pixels within {@link #SAME_COLOUR_DELTA_E} of the part's own mean colour. A
 * continuation of at least {@link #MIN_CONTINUATION} of the part's area that is itself thin (the part goes
 * on) marks it severed; a continuation that spreads wide is the backdrop in the part's colour (a white
 * strap on white), which the colour tests judge, not this one.
 */
final class SeveredParts {
    /** Opening radius over the square root of the product's area: a part narrower than about 6% of the product is thin. */
    static final double THIN_RADIUS = 0.03;
    /** Thin parts smaller than this share of the product are specks, not parts. */
    static final double MIN_PART = 0.002;
    /** How close (CIEDE2000) a pixel beyond the tip must be to the part's mean colour to continue it (the pole's own shading spans ~8). */
    static final double SAME_COLOUR_DELTA_E = 10.0;
    /** Continuation over the part's area from which the part counts as going on beyond the cut-out. */
    static final double MIN_CONTINUATION = 0.4;
    /** Share of the continuation that may survive the same erosion before it counts as wide (backdrop), not a part going on. */
    static final double MAX_WIDE_SHARE = 0.1;
    /** The flood stops at this multiple of the part's area: a continuation that large is backdrop. */
    private static final int FLOOD_CAP = 20;

    private SeveredParts() {
    }

    /**
     * @param px   the photo, full size
     * @param w    its width
     * @param h    its height
     * @param half the cut-out's alpha at half size (every other pixel of every other row)
     */
    static Finding judge(int[] px, int w, int h, float[] half, int hw, int hh) {
        String expected = "no thin part of the cut-out ending where the photo shows it going on";
        int product = 0;
        for (float v : half) {
            if (v >= 0.5f) product++;
        }
        if (product < 400) {
            return Finding.pass("cutout-severed", 0, expected);
        }
        int r = Math.max(2, (int) Math.round(THIN_RADIUS * Math.sqrt(product)));
        boolean[] eroded = Morphology.within(half, hw, hh, r, true);
        boolean[] opened = dev.refinery.color.Masks.dilate(eroded, hw, hh, r);
        boolean[] thin = new boolean[half.length];
        for (int i = 0; i < half.length; i++) {
            thin[i] = half[i] >= 0.5f && !opened[i];
        }
        int minPart = Math.max(20, (int) Math.round(MIN_PART * product));
        float[] lab = new float[3 * half.length];
        Arrays.fill(lab, Float.NaN);
        boolean[] continued = new boolean[half.length];
        int[] stack = new int[1024];
        int[] severed = {0, 0};
        // each severed part with where the photo shows it going on: the box takes in both
        Regions.Collector where = Regions.Collector.onGrid(2, w, h);
        Morphology.forEachPiece(thin, hw, hh, true, (pixels, n) -> {
            if (n < minPart) {
                return;
            }
            double[] mean = new double[3];
            for (int k = 0; k < n; k++) {
                float[] c = labAt(px, w, hw, lab, pixels[k]);
                mean[0] += c[0];
                mean[1] += c[1];
                mean[2] += c[2];
            }
            mean[0] /= n;
            mean[1] /= n;
            mean[2] /= n;
            int cap = FLOOD_CAP * n, count = 0, top = 0;
            int[] visited = new int[Math.min(cap + 16, half.length)];
            int[] st = stack;
            // seeds: outside pixels next to the part in its colour; then outwards through the same colour
            for (int k = 0; k < n && count < cap; k++) {
                int i = pixels[k], x = i % hw, y = i / hw;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx, yy = y + dy;
                        if (xx < 0 || yy < 0 || xx >= hw || yy >= hh) continue;
                        int j = yy * hw + xx;
                        if (!continued[j] && half[j] < 0.5f && same(px, w, hw, lab, j, mean) && count < cap) {
                            continued[j] = true;
                            visited[count++] = j;
                            if (top == st.length) st = Arrays.copyOf(st, top * 2);
                            st[top++] = j;
                        }
                    }
                }
            }
            while (top > 0 && count < cap) {
                int i = st[--top], x = i % hw, y = i / hw;
                for (int dy = -1; dy <= 1 && count < cap; dy++) {
                    for (int dx = -1; dx <= 1 && count < cap; dx++) {
                        int xx = x + dx, yy = y + dy;
                        if (xx < 0 || yy < 0 || xx >= hw || yy >= hh) continue;
                        int j = yy * hw + xx;
                        if (!continued[j] && half[j] < 0.5f && same(px, w, hw, lab, j, mean)) {
                            continued[j] = true;
                            visited[count++] = j;
                            if (top == st.length) st = Arrays.copyOf(st, top * 2);
                            st[top++] = j;
                        }
                    }
                }
            }
            boolean goesOn = count < cap && count >= MIN_CONTINUATION * n && !wide(visited, count, hw, hh, r);
            if (goesOn) {
                int[] partAndContinuation = Arrays.copyOf(pixels, n + count);
                System.arraycopy(visited, 0, partAndContinuation, n, count);
                where.area(partAndContinuation, n + count, hw);
            }
            for (int k = 0; k < count; k++) {
                continued[visited[k]] = false;
            }
            if (goesOn) {
                severed[0] += n;
                severed[1]++;
            }
        });
        double share = severed[0] / (double) product;
        return severed[1] == 0
                ? Finding.pass("cutout-severed", 0, expected)
                : new Finding("cutout-severed", false, share, expected, String.format(Locale.ROOT,
                        "%s of the cut-out (%.1f%% of it) ends where the photo shows it going on in the same colour: a stand, pole, hanger or "
                                + "prop was kept in part, or a strap or handle of the product was cut off; review the cut-out against the photo, "
                                + "or photograph the product without its stand", severed[1] == 1 ? "a thin part" : severed[1] + " thin parts",
                        share * 100), null, Map.of(), where.regions());
    }

    /** Whether more than {@link #MAX_WIDE_SHARE} of the continuation lies {@code r} or more inside it (a broad area, not a part). */
    private static boolean wide(int[] visited, int count, int hw, int hh, int r) {
        if (count == 0) {
            return false;
        }
        float[] mask = new float[hw * hh];
        for (int k = 0; k < count; k++) {
            mask[visited[k]] = 1;
        }
        boolean[] core = Morphology.within(mask, hw, hh, r, true);
        int inCore = 0;
        for (int k = 0; k < count; k++) {
            if (core[visited[k]]) inCore++;
        }
        return inCore > MAX_WIDE_SHARE * count;
    }

    private static boolean same(int[] px, int w, int hw, float[] lab, int i, double[] mean) {
        float[] c = labAt(px, w, hw, lab, i);
        return ColorMath.deltaE2000(new double[]{c[0], c[1], c[2]}, mean) <= SAME_COLOUR_DELTA_E;
    }

    /** The Lab colour of half-size pixel {@code i}, computed once. */
    private static float[] labAt(int[] px, int w, int hw, float[] lab, int i) {
        if (Float.isNaN(lab[3 * i])) {
            double[] c = ColorMath.rgbToLab(px[(2 * (i / hw)) * w + 2 * (i % hw)]);
            lab[3 * i] = (float) c[0];
            lab[3 * i + 1] = (float) c[1];
            lab[3 * i + 2] = (float) c[2];
        }
        return new float[]{lab[3 * i], lab[3 * i + 1], lab[3 * i + 2]};
    }
}
