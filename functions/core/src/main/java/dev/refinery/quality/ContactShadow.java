package dev.refinery.quality;

import dev.refinery.color.ArgbPixels;
import dev.refinery.color.ColorMath;
import dev.refinery.domain.Stage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A contact shadow kept at the product's foot. Where a product stands, the floor under its edge is darkened by
 * occlusion, often to near black (pl-014: 1–15 of 255 under a garment of about 30 on fabric of about 95), and a
 * cut-out that keeps it has a dark band along its bottom. Colour cannot tell that band from a product's own dark base
 * (a shoe's welt, a jar's base in its own occlusion: on the photo lab's exact masks such bases cover up to 20 % of the
 * outline), and a near-black shadow has no chromaticity for {@code cutout-shadow} to match. What differs is its
 * edge: occlusion fades out into the floor, so the band's outer edge is soft, while a product's edge has the photo's
 * focus everywhere. The rule: the outline's points that face down and are much darker inside than the floor outside,
 * and their transition from the floor to the dark inside at least {@value #MIN_SOFTNESS} times as wide as the rest of
 * the outline's. Measured on the photo lab (docs/decisions.md, round 12): over the 70 exact masks it flags none (the
 * most: 20 % of the outline with a soft dark base, pl-005 and pl-033); it flags the cut-outs that kept the band
 * (pl-014, pl-017, pl-068, 42–51 %) and three more broken ones.
 */
final class ContactShadow {
    /** Share of the outline, facing down and dark inside with a soft edge, from which the cut-out fails. */
    static final double MAX_SOFT_DARK_FOOT = 0.25;
    /** The foot's transition over the rest of the outline's, from which it is soft. */
    static final double MIN_SOFTNESS = 1.5;
    /** Inside darker than this share of the floor's luminance (linear) is dark. */
    static final double DARK = 0.35;
    /** An outward normal with a downward component above this faces down. */
    private static final double FACES_DOWN = 0.5;
    /** Outline points the rest of the outline's width is read from need this much luminance step across them. */
    private static final double MIN_STEP = 0.02;
    /** Samples along the normal, in steps of a third of the outline's reach (1 px at 1600 px): 16 in, 6 out. */
    private static final int IN = 16, OUT = 6;
    /** Fewer flagged or reference points than this decide nothing. */
    private static final int MIN_POINTS = 6;

    private ContactShadow() {
    }

    static Finding judge(ArgbPixels base, CutoutPlausibility.Outline o, int w, int h) {
        String expected = "< " + MAX_SOFT_DARK_FOOT + " of the outline along a dark foot that fades into the floor";
        if (o.n() == 0) {
            return Finding.pass("cutout-contact-shadow", 0, expected);
        }
        float[] lum = luminance(base.argb(), w, h);
        double step = o.reach() / 3.0;
        boolean[] foot = new boolean[o.n()];
        double[] footWidths = new double[o.n()], otherWidths = new double[o.n()];
        int feet = 0, others = 0;
        double[] profile = new double[IN + OUT + 1];
        for (int i = 0; i < o.n(); i++) {
            for (int k = 0; k < profile.length; k++) {
                double d = (k - IN) * step; // negative: inside the cut-out
                profile[k] = bilinear(lum, w, h, o.xs()[i] + o.nx()[i] * d, o.ys()[i] + o.ny()[i] * d);
            }
            double outside = (profile[profile.length - 1] + profile[profile.length - 2] + profile[profile.length - 3]) / 3;
            double inside = Double.MAX_VALUE;
            for (int k = 0; k < IN / 2; k++) {
                inside = Math.min(inside, profile[k]);
            }
            double width = transitionWidth(profile, inside, outside);
            if (o.ny()[i] > FACES_DOWN) {
                if (inside < DARK * outside) {
                    foot[i] = true;
                    footWidths[feet++] = width;
                }
            } else if (Math.abs(outside - inside) > MIN_STEP) {
                otherWidths[others++] = width;
            }
        }
        double share = feet / (double) o.n();
        if (feet < MIN_POINTS || others < MIN_POINTS) {
            return Finding.pass("cutout-contact-shadow", share, expected);
        }
        double footWidth = median(footWidths, feet), otherWidth = median(otherWidths, others);
        boolean soft = footWidth >= MIN_SOFTNESS * Math.max(otherWidth, 1);
        if (share < MAX_SOFT_DARK_FOOT || !soft) {
            return Finding.pass("cutout-contact-shadow", share, expected);
        }
        List<Region> where = o.where(foot, w, h);
        return new Finding("cutout-contact-shadow", false, share, expected, String.format(Locale.ROOT,
                "along %.0f%% of its outline the cut-out's foot is a dark band that fades into the floor (its edge %.1f× as soft as the rest of the "
                        + "outline): the product's contact shadow was most likely kept; the background stage could redo it more strictly, "
                        + "or review the cut-out's bottom edge", share * 100, footWidth / Math.max(otherWidth, 1)),
                Stage.BACKGROUND, Map.of("segmentation", "strict"), where);
    }

    /**
     * How many samples the step from the floor (the profile's outer end) down to the dark inside takes: from where the
     * profile, read inwards, first falls below three quarters of the way from the inside to the outside, to where it
     * first falls below one quarter.
     */
    static double transitionWidth(double[] profile, double inside, double outside) {
        double hi = inside + 0.75 * (outside - inside), lo = inside + 0.25 * (outside - inside);
        int crossHi = -1, crossLo = -1;
        for (int k = profile.length - 1; k >= 0; k--) {
            if (crossHi < 0 && profile[k] < hi) {
                crossHi = k;
            }
            if (crossLo < 0 && profile[k] < lo) {
                crossLo = k;
            }
        }
        if (crossHi < 0 || crossLo < 0) {
            return 0;
        }
        return Math.max(0, crossHi - crossLo);
    }

    /** Linear luminance through a 3×3 mean (the grain out of the profile). */
    private static float[] luminance(int[] px, int w, int h) {
        float[] l = new float[w * h];
        for (int i = 0; i < l.length; i++) {
            int p = px[i];
            l[i] = (float) (0.2126 * ColorMath.toLinear(p >> 16) + 0.7152 * ColorMath.toLinear(p >> 8) + 0.0722 * ColorMath.toLinear(p));
        }
        float[] rows = new float[l.length], out = new float[l.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a = Math.max(0, x - 1), b = Math.min(w - 1, x + 1);
                float s = 0;
                for (int xx = a; xx <= b; xx++) {
                    s += l[y * w + xx];
                }
                rows[y * w + x] = s / (b - a + 1);
            }
        }
        for (int y = 0; y < h; y++) {
            int a = Math.max(0, y - 1), b = Math.min(h - 1, y + 1);
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int yy = a; yy <= b; yy++) {
                    s += rows[yy * w + x];
                }
                out[y * w + x] = s / (b - a + 1);
            }
        }
        return out;
    }

    private static double bilinear(float[] v, int w, int h, double x, double y) {
        x = Math.max(0, Math.min(w - 1, x));
        y = Math.max(0, Math.min(h - 1, y));
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        int x1 = Math.min(w - 1, x0 + 1), y1 = Math.min(h - 1, y0 + 1);
        double tx = x - x0, ty = y - y0;
        double top = v[y0 * w + x0] + tx * (v[y0 * w + x1] - v[y0 * w + x0]);
        double bottom = v[y1 * w + x0] + tx * (v[y1 * w + x1] - v[y1 * w + x0]);
        return top + ty * (bottom - top);
    }

    private static double median(double[] v, int n) {
        double[] c = Arrays.copyOf(v, n);
        Arrays.sort(c);
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }
}
