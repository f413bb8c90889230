package dev.refinery.qualitylab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SsimTest {
    /** Small black text-like strokes on a pale label. */
    static double[] label(int w, int h) {
        double[] a = new double[w * h];
        Random r = new Random(5);
        for (int i = 0; i < a.length; i++) {
            a[i] = 225 + r.nextGaussian();
        }
        for (int row = 4; row + 6 < h; row += 10) {
            for (int x = 3; x < w - 3; x++) {
                if ((x / 3) % 3 != 2) {
                    for (int y = row; y < row + 5; y++) {
                        a[y * w + x] = (x + y) % 4 == 0 ? 225 : 30;
                    }
                }
            }
        }
        return a;
    }

    @Test
    void identicalImagesScoreOne() {
        double[] a = label(64, 48);
        assertThat(Ssim.ssim(a, a.clone(), 64, 48)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aBlurredLabelLosesDetail() {
        int w = 64, h = 48;
        double[] a = label(w, h);
        double[] blurred = a;
        for (int i = 0; i < 3; i++) {
            blurred = Ssim.blur(blurred, w, h);
        }
        double s = Ssim.ssim(a, blurred, w, h);
        assertThat(s).isLessThan(0.8).isGreaterThan(0.0);
        assertThat(Ssim.ssim(blurred, a, w, h)).isCloseTo(s, within(1e-12));
        // a clipped label (text gone, all white) is far below the bar
        double[] white = new double[w * h];
        java.util.Arrays.fill(white, 255);
        assertThat(Ssim.ssim(a, white, w, h)).isLessThan(0.2);
    }

    @Test
    void aSmallBrightnessChangeKeepsTheLabel() {
        int w = 64, h = 48;
        double[] a = label(w, h), b = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Math.min(255, a[i] * 1.05);
        }
        assertThat(Ssim.ssim(a, b, w, h)).isGreaterThan(0.95);
    }

    @Test
    void gaussianWindowIsNormalised() {
        double sum = 0;
        for (double v : Ssim.gaussian(5, 1.5)) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1.0, within(1e-12));
    }
}
