package dev.refinery.imaging.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ResamplerTest {

    @Test
    void areaShrinkAveragesEverySourcePixel() {
        // a one-pixel checkerboard: nearest neighbour would return pure black or white, area averaging grey
        int w = 101, h = 77;
        float[] p = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p[y * w + x] = ((x + y) & 1) == 0 ? 0 : 255;
            }
        }
        float[] out = Resampler.shrink(new float[][] {p}, w, h, 23, 17)[0];
        for (float v : out) {
            assertThat((double) v).isCloseTo(127.5, within(12.0));
        }
    }

    @Test
    void enlargingKeepsTheSurroundExactlyTransparent() {
        int w = 20, h = 20;
        float[] a = new float[w * h];
        for (int y = 5; y < 15; y++) {
            for (int x = 5; x < 15; x++) {
                a[y * w + x] = 1;
            }
        }
        double scale = 3.3;
        int dw = 66, dh = 66;
        Resampler.Taps xs = Resampler.taps(w, dw, scale, 0, Resampler.Kernel.CATMULL_ROM, true);
        Resampler.Taps ys = Resampler.taps(h, dh, scale, 0, Resampler.Kernel.CATMULL_ROM, true);
        float[] out = Resampler.resample(new float[][] {a}, w, h, xs, ys)[0];
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++) {
                double sx = (x + 0.5) / scale, sy = (y + 0.5) / scale;
                boolean far = sx < 3 || sx > 17 || sy < 3 || sy > 17;
                if (far) {
                    assertThat(out[y * dw + x]).as("x=%d y=%d", x, y).isLessThanOrEqualTo(0f);
                }
            }
        }
        assertThat(out[33 * dw + 33]).isCloseTo(1f, within(1e-4f));
    }

    @Test
    void shrinkingPackedPixelsGivesTheSamePlanesAsShrinkingUnpackedOnes() {
        int w = 97, h = 61;
        java.util.Random random = new java.util.Random(9);
        int[] argb = new int[w * h];
        float[][] planes = new float[3][w * h];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = random.nextInt();
            planes[0][i] = (argb[i] >> 16) & 0xFF;
            planes[1][i] = (argb[i] >> 8) & 0xFF;
            planes[2][i] = argb[i] & 0xFF;
        }
        for (int[] size : new int[][]{{31, 20}, {97, 61}, {8, 8}}) {
            float[][] expected = Resampler.shrink(planes, w, h, size[0], size[1]);
            float[][] actual = Resampler.shrinkRgb(argb, w, h, size[0], size[1]);
            for (int c = 0; c < 3; c++) {
                assertThat(actual[c]).as("channel %d at %dx%d", c, size[0], size[1]).containsExactly(expected[c]);
            }
        }
    }
}
