package dev.refinery.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseTest {
    private static final int W = 300, H = 200;

    /** Grey stripes 12 px wide (print-like structure) with Gaussian noise of the given sigma on every channel. */
    private static ArgbPixels stripes(double sigma, long seed) {
        Random r = new Random(seed);
        int[] px = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double v = (x / 12) % 2 == 0 ? 60 : 190;
                int g = (int) Math.max(0, Math.min(255, Math.round(v + sigma * r.nextGaussian())));
                px[y * W + x] = 0xFF000000 | g << 16 | g << 8 | g;
            }
        }
        return new ArgbPixels(W, H, px);
    }

    private static float[] all() {
        float[] a = new float[W * H];
        Arrays.fill(a, 1f);
        return a;
    }

    @Test
    void estimatesTheSensorNoiseAndNotThePrint() {
        assertThat(Noise.sigma(stripes(0, 1), all())).as("sharp print, no noise").isLessThan(0.3);
        assertThat(Noise.sigma(stripes(3, 2), all())).isCloseTo(3, within(0.6));
        assertThat(Noise.sigma(stripes(8, 3), all())).isCloseTo(8, within(1.2));
    }

    @Test
    void onlyTheRegionCountsAndTooSmallARegionTellsNothing() {
        float[] none = new float[W * H];
        assertThat(Noise.sigma(stripes(8, 4), none)).isNaN();
    }
}
