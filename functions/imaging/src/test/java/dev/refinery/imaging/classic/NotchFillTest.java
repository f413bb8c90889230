package dev.refinery.imaging.classic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NotchFillTest {
    private static final int W = BandCutTest.W, H = BandCutTest.H;

    /** BandCutTest's product (a dark disc with a strap and a handle's 3 px opening through it) on its grainy backdrop. */
    private static boolean[] product() {
        return BandCutTest.product();
    }

    private static int[] photo(boolean[] product) {
        return BandCutTest.photo(product);
    }

    @Test
    void notchesThatLookLikeTheProductAreFilledAndGapsOfBackdropStayOpen() {
        boolean[] truth = product();
        int[] px = photo(truth);
        boolean[] cut = truth.clone();
        // a notch 2 px deep and 4 long into the disc's left edge (x 40.5), and a pinhole inside it: product pixels
        for (int y = 58; y < 62; y++) {
            cut[y * W + 41] = false;
            cut[y * W + 42] = false;
        }
        cut[45 * W + 80] = false;
        boolean[] out = NotchFill.fill(cut, colours(px), W, H);
        assertThat(out[60 * W + 41]).as("the notch").isTrue();
        assertThat(out[45 * W + 80]).as("the pinhole").isTrue();
        assertThat(out[60 * W + 65]).as("the handle's 3 px opening, backdrop-coloured").isFalse();

        // the same notch where the photo shows backdrop: a gap the product has, left open
        int[] gap = px.clone();
        for (int y = 58; y < 62; y++) {
            gap[y * W + 41] = 0xFFC8C8C8;
            gap[y * W + 42] = 0xFFC8C8C8;
        }
        assertThat(NotchFill.fill(cut, colours(gap), W, H)[60 * W + 41]).isFalse();
    }

    @Test
    void onAFlatPhotoNothingIsFilled() {
        boolean[] cut = product();
        int[] flat = new int[W * H];
        java.util.Arrays.fill(flat, 0xFF808080);
        assertThat(NotchFill.fill(cut, colours(flat), W, H)).isEqualTo(cut);
    }

    @Test
    void theAlphaEntryPointFillsWithOpaquePixelsAndLeavesTheInputAlone() {
        boolean[] truth = product();
        float[] alpha = new float[W * H];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = truth[i] ? 1 : 0;
        }
        alpha[45 * W + 80] = 0.2f;
        float[] out = NotchFill.fill(photo(truth), alpha, W, H);
        assertThat(out[45 * W + 80]).isEqualTo(1f);
        assertThat(alpha[45 * W + 80]).isEqualTo(0.2f);
        assertThat(out[60 * W + 65]).isEqualTo(0f);
    }

    private static float[][] colours(int[] px) {
        float[][] c = new float[3][px.length];
        for (int i = 0; i < px.length; i++) {
            c[0][i] = ((px[i] >> 16) & 0xFF) / 255f;
            c[1][i] = ((px[i] >> 8) & 0xFF) / 255f;
            c[2][i] = (px[i] & 0xFF) / 255f;
        }
        return c;
    }
}
