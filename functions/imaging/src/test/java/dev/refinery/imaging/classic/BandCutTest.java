package dev.refinery.imaging.classic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.color.Masks;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BandCutTest {
    static final int W = 160, H = 120;

    /** A dark product (a disc with a strap and a handle's narrow opening) on a light, grainy backdrop. */
    static boolean[] product() {
        return product(true);
    }

    private static boolean[] product(boolean thinParts) {
        boolean[] m = new boolean[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double dx = x - 70.5, dy = y - 60.5;
                boolean disc = dx * dx + dy * dy <= 30 * 30;
                boolean strap = x >= 100 && x < 140 && y >= 59 && y < 62; // 3 px wide
                boolean opening = x >= 64 && x < 67 && y >= 40 && y < 80; // a 3 px gap through the disc
                m[y * W + x] = thinParts ? (disc || strap) && !opening : disc;
            }
        }
        return m;
    }

    static int[] photo(boolean[] product) {
        Random r = new Random(7);
        int[] px = new int[W * H];
        for (int i = 0; i < px.length; i++) {
            int v = (product[i] ? 70 : 200) + (int) Math.round(r.nextGaussian() * 3);
            px[i] = 0xFF000000 | v << 16 | v << 8 | v;
        }
        return px;
    }

    private static float[] shifted(boolean[] m, int by) {
        float[] a = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int sx = x - by;
                a[y * W + x] = sx >= 0 && m[y * W + sx] ? 1 : 0;
            }
        }
        return a;
    }

    private static boolean[] solid(float[] a) {
        boolean[] b = new boolean[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i] >= 0.5f;
        }
        return b;
    }

    @Test
    void anOutlineTwoPixelsOffMovesOntoThePhotosEdge() {
        boolean[] truth = product(false);
        // soft across 5 px, as the working-size cut's guided filter leaves an outline at full size
        float[] off = Filters.box(shifted(truth, 2), W, H, 2);
        float[] out = BandCut.refine(photo(truth), W, H, off, BandCut.Settings.DEFAULT);
        assertThat(Masks.iou(solid(off), truth)).isLessThan(0.96);
        assertThat(Masks.iou(solid(out), truth)).isGreaterThan(0.99);
    }

    @Test
    void aThinStrapAndANarrowOpeningKeepTheirSide() {
        boolean[] truth = product();
        float[] exact = new float[W * H];
        for (int i = 0; i < exact.length; i++) {
            exact[i] = truth[i] ? 1 : 0;
        }
        // on a flat photo there is no edge to move to: the cut is free to take the shortest way, across the strap
        // and the opening, unless they keep their side
        int[] flat = new int[W * H];
        java.util.Arrays.fill(flat, 0xFF808080);
        boolean[] out = solid(BandCut.refine(flat, W, H, exact, BandCut.Settings.DEFAULT));
        assertThat(out[60 * W + 130]).as("the strap").isTrue();
        assertThat(out[60 * W + 65]).as("the opening").isFalse();
    }

    @Test
    void aSpeckOfTheRimIsTakenAway() {
        boolean[] truth = product();
        float[] speckled = new float[W * H];
        for (int i = 0; i < speckled.length; i++) {
            speckled[i] = truth[i] ? 1 : 0;
        }
        int speck = 60 * W + 36; // 5 px left of the disc's left edge (x 40.5)
        speckled[speck] = 1;
        float[] out = BandCut.refine(photo(truth), W, H, speckled, BandCut.Settings.DEFAULT);
        assertThat(out[speck]).isLessThan(0.5f);
    }
}
