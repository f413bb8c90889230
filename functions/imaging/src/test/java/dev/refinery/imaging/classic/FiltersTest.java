package dev.refinery.imaging.classic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FiltersTest {

    @ParameterizedTest
    @CsvSource({"1,1,1", "7,5,1", "13,9,3", "40,31,2", "5,17,6"})
    void extremumEqualsTheWindowsMinimumAndMaximum(int w, int h, int r) {
        float[] src = new float[w * h];
        Random random = new Random(w * 31L + h);
        for (int i = 0; i < src.length; i++) {
            src[i] = random.nextInt(5) == 0 ? 1 : random.nextFloat();
        }
        float[] lo = Filters.extremum(src, w, h, r, false);
        float[] hi = Filters.extremum(src, w, h, r, true);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
                for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                    for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                        min = Math.min(min, src[yy * w + xx]);
                        max = Math.max(max, src[yy * w + xx]);
                    }
                }
                assertThat(lo[y * w + x]).as("min at %d,%d", x, y).isEqualTo(min);
                assertThat(hi[y * w + x]).as("max at %d,%d", x, y).isEqualTo(max);
            }
        }
    }
}
