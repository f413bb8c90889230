package dev.refinery.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProductLookTest {
    @Test
    void theMeanLabOfTheOpaquePixelsOnly() {
        int w = 200, h = 100;
        int[] px = new int[w * h];
        // the left half an opaque mid grey product, the right half a transparent red backdrop that must not count
        for (int y = 0; y < h; y++) {
            Arrays.fill(px, y * w, y * w + w / 2, 0xFF777777);
            Arrays.fill(px, y * w + w / 2, y * w + w, 0x00FF0000);
        }
        double[] look = ProductLook.meanLab(new ArgbPixels(w, h, px));
        double[] grey = ColorMath.rgbToLab(0x777777);
        assertThat(look[0]).isCloseTo(grey[0], within(1e-9));
        assertThat(look[1]).isCloseTo(0, within(0.01));
        assertThat(look[2]).isCloseTo(0, within(0.01));
        // too few opaque pixels to say
        assertThat(ProductLook.meanLab(new ArgbPixels(10, 10, new int[100]))).isNull();
    }
}
