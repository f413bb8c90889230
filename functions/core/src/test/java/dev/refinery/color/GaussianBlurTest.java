package dev.refinery.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GaussianBlurTest {

    @Test
    void theKernelReachesThreeSigmasAndSumsToOne() {
        assertThat(GaussianBlur.kernel(0.2)).hasSize(3);
        assertThat(GaussianBlur.kernel(0.7)).hasSize(7);
        float[] k = GaussianBlur.kernel(2.0);
        assertThat(k).hasSize(13);
        double sum = 0;
        for (float v : k) sum += v;
        assertThat(sum).isCloseTo(1, within(1e-6));
        assertThat(k[0]).isEqualTo(k[12]).isLessThan(k[1]);
    }

    @Test
    void blurMatchesAPlainTwoDimensionalSumWithClampedEdges() {
        Random random = new Random(4);
        for (int[] c : new int[][]{{1, 1}, {3, 2}, {17, 11}, {40, 25}}) {
            int w = c[0], h = c[1];
            float[] src = new float[w * h];
            for (int i = 0; i < src.length; i++) src[i] = random.nextFloat();
            for (double sigma : new double[]{0.5, 1.3, 4.0}) {
                float[] k = GaussianBlur.kernel(sigma);
                int r = k.length / 2;
                float[] out = GaussianBlur.blur(src, w, h, sigma);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double expected = 0;
                        for (int j = -r; j <= r; j++) {
                            for (int i = -r; i <= r; i++) {
                                int xx = Math.min(w - 1, Math.max(0, x + i)), yy = Math.min(h - 1, Math.max(0, y + j));
                                expected += (double) k[j + r] * k[i + r] * src[yy * w + xx];
                            }
                        }
                        assertThat((double) out[y * w + x]).as("%dx%d sigma %.1f at %d,%d", w, h, sigma, x, y).isCloseTo(expected, within(1e-5));
                    }
                }
            }
        }
    }
}
