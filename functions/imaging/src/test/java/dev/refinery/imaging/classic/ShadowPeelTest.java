package dev.refinery.imaging.classic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The contact shadow's rim a cut-out kept under a product comes off; the product itself does not. */
class ShadowPeelTest {
    private static final int W = 1200, H = 300; // 1200 px: the peel may go 7 px deep, the band is 6
    private static final int PX0 = 120, PX1 = 280, PY0 = 60, PY1 = 220;

    /** A warm grey backdrop, a product of {@code productRgb}, and under it a 6 px shadow band of the backdrop at 45 %. */
    private static int[] scene(int productRgb) {
        int[] px = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int c = 0xA09890; // backdrop
                if (x >= PX0 && x < PX1 && y >= PY0 && y < PY1) {
                    c = productRgb;
                } else if (x >= PX0 - 10 && x < PX1 + 10 && y >= PY1 && y < PY1 + 6) {
                    c = 0x6C6660; // the backdrop at about 45 % of its linear luminance, same chromaticity
                }
                px[y * W + x] = 0xFF000000 | c;
            }
        }
        return px;
    }

    /** The segmenter's mistake: the product and the shadow band under it. */
    private static float[] cutoutWithShadow() {
        float[] a = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean product = x >= PX0 && x < PX1 && y >= PY0 && y < PY1;
                boolean shadow = x >= PX0 - 10 && x < PX1 + 10 && y >= PY1 && y < PY1 + 6;
                a[y * W + x] = product || shadow ? 1f : 0f;
            }
        }
        return a;
    }

    @Test
    void peelsTheShadowBandAndKeepsTheProduct() {
        ShadowPeel.Peeled p = ShadowPeel.peel(scene(0x2850A0), cutoutWithShadow(), W, H);
        for (int y = PY1; y < PY1 + 6; y++) {
            for (int x = PX0 - 10; x < PX1 + 10; x++) {
                assertThat(p.alpha()[y * W + x]).as("shadow at %d,%d", x, y).isZero();
            }
        }
        for (int y = PY0; y < PY1; y++) {
            for (int x = PX0; x < PX1; x++) {
                assertThat(p.alpha()[y * W + x]).as("product at %d,%d", x, y).isEqualTo(1f);
            }
        }
        assertThat(p.share()).isBetween(0.03, 0.05);
    }

    @Test
    void aProductInTheBackdropsHueIsPeeledNoDeeperThanTheBound() {
        // a product the backdrop's colour, darker: the peel cannot tell it from a shadow, so the bound is what protects it
        ShadowPeel.Peeled p = ShadowPeel.peel(scene(0x6C6660), cutoutWithShadow(), W, H);
        int depth = Math.max(3, (int) Math.round(ShadowPeel.DEPTH_SHARE * W));
        for (int y = PY0 + (PY1 - PY0) / 2 - 1; y < PY1 - depth; y++) {
            assertThat(p.alpha()[y * W + (PX0 + PX1) / 2]).as("row %d", y).isEqualTo(1f);
        }
        for (int y = PY0; y < PY0 + (PY1 - PY0) / 2 - 1; y++) {
            assertThat(p.alpha()[y * W + PX0]).as("upper half, row %d", y).isEqualTo(1f);
        }
    }
}
