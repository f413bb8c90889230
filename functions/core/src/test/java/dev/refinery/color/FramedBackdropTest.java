package dev.refinery.color;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FramedBackdropTest {
    private static final int W = 120, H = 80;
    private static final FramedBackdrop.Geometry G = new FramedBackdrop.Geometry(1, 1, 2, 1);

    /** A backdrop-blue photo with a gold band around a square opening, the opening filled in by the mask. */
    @Test
    void aRingsOpeningFilledInShowsTheBackdropFramedByTheBand() {
        float[][] lab = new float[W * H][];
        boolean[] product = new boolean[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean blob = x >= 30 && x < 90 && y >= 10 && y < 70;
                boolean opening = x >= 42 && x < 78 && y >= 22 && y < 58;
                product[y * W + x] = blob;
                lab[y * W + x] = blob && !opening ? FramedBackdrop.lab(200, 160, 40) : FramedBackdrop.lab(40, 60, 140);
            }
        }
        FramedBackdrop.Found found = FramedBackdrop.find(product, lab, W, H, G, 6, 0.005);
        assertThat(found.framed()[40 * W + 60]).as("the opening's middle").isTrue();
        assertThat(found.framed()[40 * W + 35]).as("the band").isFalse();
        assertThat(found.share()).isCloseTo(36.0 * 36 / (60 * 60), org.assertj.core.data.Offset.offset(0.03));
    }

    /** A product whose colour matches its backdrop right up to its ends is not framed: nothing is found. */
    @Test
    void aProductInTheBackdropsOwnColourIsNotAHole() {
        float[][] lab = new float[W * H][];
        boolean[] product = new boolean[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                product[y * W + x] = x >= 30 && x < 90 && y >= 10 && y < 70;
                // a grey bottle on a grey wall, a dark cap on top
                lab[y * W + x] = product[y * W + x] && y < 18 ? FramedBackdrop.lab(20, 20, 20) : FramedBackdrop.lab(128, 128, 132);
            }
        }
        FramedBackdrop.Found found = FramedBackdrop.find(product, lab, W, H, G, 6, 0.005);
        assertThat(found.share()).isZero();
    }
}
