package dev.refinery.color;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class EdgeWidthTest {
    /** 200×200 grey print on a light ground: bars 6–14 px wide, their edges blurred by a Gaussian of {@code sigma}, plus grain. */
    private static ArgbPixels print(double sigma, double grain) {
        int w = 200, h = 200;
        double[] step = new double[w];
        for (int x = 0; x < w; x++) {
            step[x] = (x / 10) % 2 == 0 ? 60 : 200;
        }
        double[] blurred = new double[w];
        for (int x = 0; x < w; x++) {
            if (sigma <= 0) {
                blurred[x] = step[x];
                continue;
            }
            double sum = 0, wsum = 0;
            for (int k = -12; k <= 12; k++) {
                double g = Math.exp(-k * k / (2 * sigma * sigma));
                sum += g * step[Math.max(0, Math.min(w - 1, x + k))];
                wsum += g;
            }
            blurred[x] = sum / wsum;
        }
        Random r = new Random(7);
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (int) Math.max(0, Math.min(255, Math.round(blurred[x] + grain * r.nextGaussian())));
                px[y * w + x] = 0xFF000000 | v << 16 | v << 8 | v;
            }
        }
        return new ArgbPixels(w, h, px);
    }

    @Test
    void readsTheBlurOfTheSharpestEdges() {
        assertThat(EdgeWidth.sigma(print(1.5, 0), null)).isCloseTo(1.5, Offset.offset(0.2));
        assertThat(EdgeWidth.sigma(print(2.5, 0), null)).isCloseTo(2.5, Offset.offset(0.3));
        // a pixel-sharp edge reads under a pixel: the Sobel slope spreads it over two
        assertThat(EdgeWidth.sigma(print(0, 0), null)).isLessThan(0.9);
    }

    @Test
    void grainDoesNotMakeABlurredPictureSharp() {
        // the Laplacian's variance is fooled by grain; the edge width is not
        java.awt.Rectangle all = new java.awt.Rectangle(0, 0, 200, 200);
        ArgbPixels blurredGrainy = print(1.5, 4), sharperClean = print(1.0, 0);
        assertThat(Sharpness.laplacianVariance(blurredGrainy, all)).as("the Laplacian ranks the grainy blur sharper")
                .isGreaterThan(Sharpness.laplacianVariance(sharperClean, all));
        assertThat(EdgeWidth.sigma(blurredGrainy, null)).isGreaterThan(1.2).isGreaterThan(EdgeWidth.sigma(sharperClean, null) + 0.3);
    }

    @Test
    void outsideTheRegionDoesNotCount() {
        float[] none = new float[200 * 200];
        assertThat(EdgeWidth.sigma(print(1.5, 0), none)).isNaN();
    }
}
