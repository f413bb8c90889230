package dev.refinery.imaging.classic;

import dev.refinery.color.Masks;

/**
 * The outline placed again at full resolution, onto the photo's own edges: a minimum cut inside a band a few pixels
 * wide around the working-size cut's outline, the band's inner side product and its outer side backdrop by
 * construction, and only a contrast-sensitive smoothness between the band's pixels (GrabCut's, at full resolution):
 * the cut is the closed curve through the band that crosses the least colour continuity, the photo's edge, held
 * a little towards the side the working cut's soft alpha leans to.
 *
 * <p>Why: the cut is made at 360 px on the long side, one working pixel four to five of a 1600 px photo's, and the
 * guided filter that brings it back to full size places the outline only as well as the working pixel's colour
 * allows: boundary F (2 px) 0.650 on the photo lab's 70 photos. This band (2 px each side, a pull towards the working
 * cut's side: {@link Settings#prior()}) brings it to 0.676, better on 46 photos and worse on 3 by more than 0.01, IoU
 * 0.8118 → 0.8126, about 50–70 ms a photo ({@code BandCutEval}). Measured and not taken: a colour term (each band pixel against the product's and the
 * backdrop's mean colours just beyond the band, in its own neighbourhood) made it worse whatever its weight (0.607–
 * 0.675: a contact shadow looks like a dark product's edge), and wider bands (3–8 px) slightly worse (0.680–0.678,
 * IoU lower: a short cut across a concave stretch).
 *
 * <p>Thin parts a band would swallow whole (a strap, a spoon's handle, a chain under 2·half + 1 px) and thin gaps of
 * backdrop (a handle's opening) are not in the band: what an opening of the product (or of the backdrop) by
 * {@code half} removes keeps its side, so the cut can move an outline but never change what is connected to what.
 */
final class BandCut {
    /**
     * @param half  half the band's width in full-resolution pixels
     * @param grain radius of the mean that takes the grain out of the colours first
     * @param prior weight, against a full-strength smoothness link, of keeping each band pixel on the side the working
     *              cut's soft alpha leans to (in proportion to how far it leans). Without it the cut snaps to the
     *              strongest edge even where the outline is a soft one: the lemur's fur (CC0, 680 px) lost IoU 0.9532 →
     *              0.9500 and the pipeline's lemur fell under its bar of 0.95. At 2 the lemur keeps 0.9529 and the
     *              photo lab's boundary F is 0.676 instead of 0.683 (better on 46 photos, worse on 3); 0.5 and 1 left
     *              the lemur at 0.9526 and 0.9524, 4 gave 0.673.
     */
    record Settings(int half, int grain, double prior) {
        static final Settings DEFAULT = new Settings(2, 1, 2);
    }

    /**
     * A thin part (or gap) the band leaves alone has at least this many pixels: a speck of the guided filter's rim
     * (one to a few pixels) does not, and the band may take it; a strap 3 px wide and 8 long does. 24: boundary F
     * 0.6829 (soft edge) with IoU 0.8122, where keeping every thin part (the band only moving outlines) gave 0.660,
     * and 80 gave 0.6840: the smaller is the safer for wire-thin products at the same figure.
     */
    static final int MIN_THIN_PART = 24;
    /** Integer capacities for the max-flow: weights in [0, 1] times this. */
    private static final double SCALE = 256;
    /** Radius and regularisation of the full-resolution guided filter that gives the new outline its soft edge. */
    private static final int SOFT_RADIUS = 2;
    private static final float SOFT_EPS = 1e-3f;

    private BandCut() {
    }

    /** The cut-out with its outline placed again: {@code alpha}'s product (alpha ≥ 0.5) cut again in the band. */
    static float[] refine(int[] px, int w, int h, float[] alpha, Settings s) {
        java.awt.Rectangle box = Masks.boundingBox(alpha, w, h, 0.5);
        if (box.isEmpty()) {
            return alpha;
        }
        int m = s.half() + SOFT_RADIUS * 2 + s.grain() + 2;
        java.awt.Rectangle roi = new java.awt.Rectangle(box.x - m, box.y - m, box.width + 2 * m, box.height + 2 * m)
                .intersection(new java.awt.Rectangle(0, 0, w, h));
        int rw = roi.width, rh = roi.height, n = rw * rh;
        boolean[] in = new boolean[n];
        float[] a0 = new float[n];
        for (int y = 0; y < rh; y++) {
            for (int x = 0; x < rw; x++) {
                int i = y * rw + x, j = (roi.y + y) * w + roi.x + x;
                in[i] = alpha[j] >= 0.5f;
                a0[i] = alpha[j];
            }
        }
        float[][] c = Pixels.channels(px, w, roi);
        boolean[] cut = cut(in, a0, s.prior(), smoothed(c, rw, rh, s.grain()), rw, rh, s.half());
        float[] soft = soften(cut, c, rw, rh);
        float[] out = alpha.clone();
        for (int y = 0; y < rh; y++) {
            System.arraycopy(soft, y * rw, out, (roi.y + y) * w + roi.x, rw);
        }
        return out;
    }

    /** The binary cut: {@code in} with every pixel within {@code half} of its outline decided again. */
    static boolean[] cut(boolean[] in, float[] a0, double prior, float[][] c, int w, int h, int half) {
        int n = w * h;
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = !in[i];
        }
        boolean[] hardFg = keptSide(in, w, h, half), hardBg = keptSide(out, w, h, half);
        int[] node = new int[n];
        int nodes = 0;
        for (int i = 0; i < n; i++) {
            node[i] = hardFg[i] || hardBg[i] ? -1 : nodes++;
        }
        if (nodes == 0) {
            return in.clone();
        }
        int[][] forward = {{1, 0}, {0, 1}, {1, 1}, {-1, 1}};
        double sum = 0;
        long pairs = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (node[i] < 0) {
                    continue;
                }
                for (int[] d : forward) {
                    int xx = x + d[0], yy = y + d[1];
                    if (xx >= 0 && xx < w && yy < h) {
                        sum += dist2(c, i, yy * w + xx);
                        pairs++;
                    }
                }
            }
        }
        double beta = sum == 0 ? 0 : 1.0 / (2 * sum / pairs);
        MaxFlow g = new MaxFlow(nodes, 4 * nodes);
        int[] fromSource = new int[nodes], toSink = new int[nodes];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (node[i] < 0) {
                    continue;
                }
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx, yy = y + dy;
                        if ((dx == 0 && dy == 0) || xx < 0 || xx >= w || yy < 0 || yy >= h) {
                            continue;
                        }
                        int j = yy * w + xx;
                        double len = dx != 0 && dy != 0 ? Math.sqrt(2) : 1;
                        int wgt = (int) Math.round(SCALE / len * Math.exp(-beta * dist2(c, i, j)));
                        if (node[j] >= 0) {
                            // each pair once: from the pixel that comes first in scan order
                            if (j > i && wgt > 0) {
                                g.addEdge(node[i], node[j], wgt, wgt);
                            }
                        } else if (hardFg[j]) {
                            fromSource[node[i]] += wgt;
                        } else {
                            toSink[node[i]] += wgt;
                        }
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (node[i] >= 0 && prior > 0) {
                int v = (int) Math.round(prior * SCALE * Math.abs(a0[i] - 0.5) * 2);
                if (a0[i] >= 0.5f) {
                    fromSource[node[i]] += v;
                } else {
                    toSink[node[i]] += v;
                }
            }
        }
        for (int k = 0; k < nodes; k++) {
            g.addTerminal(k, fromSource[k], toSink[k]);
        }
        g.maxflow();
        boolean[] result = new boolean[n];
        for (int i = 0; i < n; i++) {
            result[i] = node[i] < 0 ? hardFg[i] : g.sourceSide(node[i]);
        }
        return result;
    }

    /**
     * The pixels of {@code side} the band may not take from it: those more than {@code half} from the other side, and
     * those an opening by {@code half} removes (parts and gaps too thin to have an inside the band leaves alone).
     */
    static boolean[] keptSide(boolean[] side, int w, int h, int half) {
        int n = w * h;
        boolean[] other = new boolean[n];
        for (int i = 0; i < n; i++) {
            other[i] = !side[i];
        }
        boolean[] nearOther = Masks.dilate(other, w, h, half);
        boolean[] core = new boolean[n];
        for (int i = 0; i < n; i++) {
            core[i] = !nearOther[i];
        }
        boolean[] opened = Masks.dilate(core, w, h, half);
        boolean[] thin = new boolean[n];
        for (int i = 0; i < n; i++) {
            thin[i] = side[i] && !opened[i];
        }
        boolean[] kept = largeParts(thin, w, h, MIN_THIN_PART);
        for (int i = 0; i < n; i++) {
            kept[i] |= core[i];
        }
        return kept;
    }

    /** The 8-connected parts of {@code set} of at least {@code min} pixels. */
    static boolean[] largeParts(boolean[] set, int w, int h, int min) {
        int n = w * h;
        boolean[] out = new boolean[n];
        boolean[] seen = new boolean[n];
        int[] queue = new int[n];
        for (int s = 0; s < n; s++) {
            if (!set[s] || seen[s]) {
                continue;
            }
            int head = 0, tail = 0;
            queue[tail++] = s;
            seen[s] = true;
            while (head < tail) {
                int i = queue[head++], x = i % w, y = i / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx, yy = y + dy;
                        if (xx < 0 || xx >= w || yy < 0 || yy >= h) {
                            continue;
                        }
                        int j = yy * w + xx;
                        if (set[j] && !seen[j]) {
                            seen[j] = true;
                            queue[tail++] = j;
                        }
                    }
                }
            }
            if (tail >= min) {
                for (int k = 0; k < tail; k++) {
                    out[queue[k]] = true;
                }
            }
        }
        return out;
    }

    /** The new outline's soft edge: the colour-guided filter of the binary cut, within its radius of the outline. */
    private static float[] soften(boolean[] cut, float[][] c, int w, int h) {
        int n = w * h;
        float[] p = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = cut[i] ? 1 : 0;
        }
        float[][] k = GuidedFilter.coefficients(c, p, w, h, SOFT_RADIUS, SOFT_EPS);
        float[] near = Filters.box(p, w, h, SOFT_RADIUS);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            if (near[i] < 1e-4f || near[i] > 1 - 1e-4f) {
                out[i] = p[i];
                continue;
            }
            float q = k[0][i] * c[0][i] + k[1][i] * c[1][i] + k[2][i] * c[2][i] + k[3][i];
            // the same slope about 0.5 as the working-size filter's edge (ClassicSegmenter.Settings.edgeContrast)
            float a = (q - 0.5f) * 2f + 0.5f;
            out[i] = a < 0 ? 0 : a > 1 ? 1 : a;
        }
        return out;
    }

    static float[][] smoothed(float[][] c, int w, int h, int r) {
        if (r <= 0) {
            return c;
        }
        return new float[][] {Filters.box(c[0], w, h, r), Filters.box(c[1], w, h, r), Filters.box(c[2], w, h, r)};
    }

    private static double dist2(float[][] c, int i, int j) {
        double a = c[0][i] - c[0][j], b = c[1][i] - c[1][j], d = c[2][i] - c[2][j];
        return a * a + b * b + d * d;
    }
}
