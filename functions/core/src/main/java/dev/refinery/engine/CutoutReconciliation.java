package dev.refinery.engine;

import dev.refinery.color.Masks;
import java.awt.Rectangle;
import java.util.Locale;
import java.util.Map;

/**
 * Two cut-outs of one photo made independently — the classic segmenter's and an image model's — reconciled into
 * the one the background stage hands on. Where they agree (they differ only along the outline, by less than
 * {@link #EDGE_SHARE} of the product's size), the outline follows the photo's stronger edges: each sliver where
 * they differ goes to the side whose edge is stronger there (an outline a few pixels off the product's edge runs
 * through even colour). Measured on the photo lab's corpus with simulated model answers (`AiCutoutLab`,
 * docs/ai-studio.md): where they agree, boundary F 0.916 kept against 0.878 for the classic cut-out and 0.859 for a
 * model whose edge wanders ±3 px; choosing one whole outline by its mean gradient instead kept the classic one on 12
 * of 21 photos where the model's was exact. Where they disagree beyond that — a part one of them kept and the other left out — the disagreement is
 * measured and located, and the quality check names the region ({@code cutout-ai-disagrees}): neither cut-out is
 * trusted over the other on evidence the photo does not give.
 *
 * <p>Plain Java on packed ARGB and alphas in 0..1 (row-major, the photo's size), so the openai engine, the
 * quality lab and the tests share one procedure.
 */
public final class CutoutReconciliation {
    /**
     * Width of the outline's band where the two may differ and still agree, as a share of the product's long side
     * (at least {@link #MIN_EDGE_PX}): an opening by this radius removes the slivers along the outline. 0.6 % is
     * 6 px on a 1,000 px product — the spread of a model's answer mapped back from its request size (a 1600 px
     * photo is asked at 1536 px and scaled back: one model pixel is about a photo pixel, its soft edge 2–3 px).
     */
    public static final double EDGE_SHARE = 0.006;
    public static final int MIN_EDGE_PX = 2;
    /** Share of the two cut-outs' union in pieces thicker than the band beyond which they disagree. */
    public static final double MAX_DISAGREEMENT = 0.01;

    /** The metric names the background version records and the quality check reads. */
    public static final String DISAGREEMENT = "aiCutout.disagreement", REGION_X = "aiCutout.regionX", REGION_Y = "aiCutout.regionY",
            REGION_W = "aiCutout.regionW", REGION_H = "aiCutout.regionH";

    private CutoutReconciliation() {
    }

    /**
     * @param alpha        the cut-out handed on
     * @param chosen       "ai" or "classic": whose alpha it is
     * @param disagreement share of the union the two put on different sides, in pieces thicker than the band
     * @param region       the disagreeing pixels' bounding box (empty when they agree everywhere)
     * @param edgeAi       mean gradient of the photo's luminance (levels per pixel) along the model's outline
     * @param edgeClassic  the same along the classic outline
     */
    public record Result(float[] alpha, String chosen, double disagreement, Rectangle region, double edgeAi, double edgeClassic) {
        public boolean agrees() {
            return disagreement <= MAX_DISAGREEMENT;
        }

        /** What the background version records: the quality check reads the disagreement and its region (fractions of the photo). */
        public Map<String, Double> metrics(int w, int h) {
            Map<String, Double> m = new java.util.LinkedHashMap<>(new Disagreement(disagreement, region).metrics(w, h));
            m.put("aiCutout.edgeAi", edgeAi);
            m.put("aiCutout.edgeClassic", edgeClassic);
            return m;
        }

        public String summary() {
            return String.format(Locale.ROOT, "AI and classic cut-outs %s (%.1f%% of the product differs beyond the outline); the %s one "
                    + "taken as the base (its outline's edges %.1f vs %.1f levels/px), each sliver between the two given to the side "
                    + "whose edge in the photo is stronger", agrees() ? "agree" : "disagree", disagreement * 100,
                    chosen, chosen.equals("ai") ? edgeAi : edgeClassic, chosen.equals("ai") ? edgeClassic : edgeAi);
        }
    }

    public static Result reconcile(int[] argb, int w, int h, float[] classic, float[] ai) {
        int n = w * h;
        if (argb.length != n || classic.length != n || ai.length != n) {
            throw new IllegalArgumentException("the photo and both cut-outs must have " + n + " values");
        }
        boolean[] c = new boolean[n], a = new boolean[n], differ = new boolean[n];
        long union = 0;
        for (int i = 0; i < n; i++) {
            c[i] = classic[i] >= 0.5f;
            a[i] = ai[i] >= 0.5f;
            differ[i] = c[i] != a[i];
            if (c[i] || a[i]) {
                union++;
            }
        }
        Disagreement beyond = beyondBand(differ, Masks.boundingBox(union(classic, ai), w, h, 0.5), union, w, h);
        double disagreement = beyond.share();
        Rectangle region = beyond.region();
        float[] luma = luma(argb);
        double edgeAi = outlineGradient(a, luma, w, h), edgeClassic = outlineGradient(c, luma, w, h);
        // a model's outline wins ties: it was asked for the product itself, not for what differs from the border
        boolean useAi = edgeAi >= edgeClassic;
        float[] base = (useAi ? ai : classic).clone();
        settleSlivers(base, useAi ? classic : ai, c, a, differ, luma, w, h);
        return new Result(base, useAi ? "ai" : "classic", disagreement, region, edgeAi, edgeClassic);
    }

    /**
     * Each sliver where the two differ (an 8-connected piece of {@code differ}) is settled by the photo: it lies
     * between an inner outline (where it meets what both call product) and an outer one (where it meets what both
     * call backdrop), and the product's edge is the stronger of the two. A sliver whose outline on the other
     * mask's side is stronger is taken from that mask ({@code base} gets {@code other}'s alpha there).
     *
     * @return {slivers taken from the other mask, slivers seen}
     */
    static int[] settleSlivers(float[] base, float[] other, boolean[] c, boolean[] a, boolean[] differ, float[] luma, int w, int h) {
        int n = w * h;
        int[] piece = new int[n];
        int[] queue = new int[n];
        int seen = 0, taken = 0;
        for (int start = 0; start < n; start++) {
            if (!differ[start] || piece[start] != 0) {
                continue;
            }
            int id = ++seen;
            int head = 0, tail = 0;
            queue[tail++] = start;
            piece[start] = id;
            double inner = 0, outer = 0;
            long nInner = 0, nOuter = 0;
            while (head < tail) {
                int i = queue[head++];
                int x = i % w, y = i / w;
                boolean touchesBoth = false, touchesNeither = false;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx, ny = y + dy;
                        if ((dx == 0 && dy == 0) || nx < 0 || ny < 0 || nx >= w || ny >= h) {
                            continue;
                        }
                        int j = ny * w + nx;
                        if (differ[j]) {
                            if (piece[j] == 0) {
                                piece[j] = id;
                                queue[tail++] = j;
                            }
                        } else if (c[j]) {
                            touchesBoth = true;
                        } else {
                            touchesNeither = true;
                        }
                    }
                }
                double g = gradient(luma, x, y, w, h);
                if (touchesBoth) {
                    inner += g;
                    nInner++;
                }
                if (touchesNeither) {
                    outer += g;
                    nOuter++;
                }
            }
            // product (both) | sliver | backdrop (neither): the edge is on the sliver's outer side when that side is
            // stronger — the sliver is product — else on its inner side
            boolean sliverIsProduct = nOuter > 0 && (nInner == 0 || outer / nOuter > inner / nInner);
            int p0 = queue[0];
            boolean baseHasIt = base[p0] >= 0.5f;
            if (sliverIsProduct != baseHasIt) {
                taken++;
                for (int k = 0; k < tail; k++) {
                    base[queue[k]] = other[queue[k]];
                }
            }
        }
        return new int[] {taken, seen};
    }

    private static double gradient(float[] luma, int x, int y, int w, int h) {
        int xl = Math.max(0, x - 1), xr = Math.min(w - 1, x + 1), yu = Math.max(0, y - 1), yd = Math.min(h - 1, y + 1);
        double gx = (luma[y * w + xr] - luma[y * w + xl]) / 2.0, gy = (luma[yd * w + x] - luma[yu * w + x]) / 2.0;
        return Math.sqrt(gx * gx + gy * gy);
    }

    /**
     * Where two cut-outs differ beyond the outline's band, and how much.
     *
     * @param share  of the pixels it is measured against
     * @param region the pixels' bounding box (empty when there are none)
     */
    public record Disagreement(double share, Rectangle region) {
        /** The disagreement and its region (fractions of the photo), as the quality check reads them. */
        public Map<String, Double> metrics(int w, int h) {
            Map<String, Double> m = new java.util.LinkedHashMap<>();
            m.put(DISAGREEMENT, share);
            if (!region.isEmpty()) {
                m.put(REGION_X, region.x / (double) w);
                m.put(REGION_Y, region.y / (double) h);
                m.put(REGION_W, region.width / (double) w);
                m.put(REGION_H, region.height / (double) h);
            }
            return m;
        }
    }

    /**
     * The pieces of {@code differ} thicker than the outline's band of a product whose box is {@code product} (an
     * opening by {@link #EDGE_SHARE} of its long side, at least {@link #MIN_EDGE_PX}): their share of {@code of}
     * pixels, and their box.
     */
    public static Disagreement beyondBand(boolean[] differ, Rectangle product, long of, int w, int h) {
        int r = Math.max(MIN_EDGE_PX, (int) Math.round(EDGE_SHARE * Math.max(product.width, product.height)));
        boolean[] thick = open(differ, w, h, r);
        long count = 0;
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (thick[y * w + x]) {
                    count++;
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return new Disagreement(of == 0 ? 0 : count / (double) of,
                count == 0 ? new Rectangle() : new Rectangle(x0, y0, x1 - x0 + 1, y1 - y0 + 1));
    }

    private static float[] union(float[] p, float[] q) {
        float[] u = new float[p.length];
        for (int i = 0; i < u.length; i++) {
            u[i] = Math.max(p[i], q[i]);
        }
        return u;
    }

    /** The square opening by {@code r}: what is thicker than 2r + 1 pixels in both directions survives. */
    public static boolean[] open(boolean[] set, int w, int h, int r) {
        boolean[] complement = new boolean[set.length];
        for (int i = 0; i < set.length; i++) {
            complement[i] = !set[i];
        }
        boolean[] grownOut = Masks.dilate(complement, w, h, r);
        boolean[] eroded = new boolean[set.length];
        for (int i = 0; i < set.length; i++) {
            eroded[i] = !grownOut[i];
        }
        return Masks.dilate(eroded, w, h, r);
    }

    /** Rec. 601 luma in levels. */
    static float[] luma(int[] argb) {
        float[] l = new float[argb.length];
        for (int i = 0; i < argb.length; i++) {
            int v = argb[i];
            l[i] = 0.299f * ((v >> 16) & 0xFF) + 0.587f * ((v >> 8) & 0xFF) + 0.114f * (v & 0xFF);
        }
        return l;
    }

    /**
     * Mean gradient magnitude (central differences, levels per pixel) of {@code luma} over the outline's pixels on
     * both sides (a product pixel with a backdrop 4-neighbour, and that neighbour): the step between product and
     * backdrop falls between two pixels, so each side sees half of it. 0 for an empty mask.
     */
    static double outlineGradient(boolean[] m, float[] luma, int w, int h) {
        double sum = 0;
        long count = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                boolean in = m[i];
                if (in == m[i - 1] && in == m[i + 1] && in == m[i - w] && in == m[i + w]) {
                    continue;
                }
                double gx = (luma[i + 1] - luma[i - 1]) / 2.0, gy = (luma[i + w] - luma[i - w]) / 2.0;
                sum += Math.sqrt(gx * gx + gy * gy);
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }
}
