package dev.refinery.imaging.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantileTest {

    @Test
    void everyIndexMatchesTheSortedArray() {
        Random random = new Random(11);
        for (int n : new int[]{1, 2, 3, 7, 64, 1001}) {
            for (String shape : new String[]{"random", "few-values", "sorted", "reversed", "constant"}) {
                float[] v = values(random, n, shape);
                float[] sorted = v.clone();
                Arrays.sort(sorted);
                for (int k = 0; k < n; k++) {
                    assertThat(Quantile.selectCopy(v, n, k)).as("%s n=%d k=%d", shape, n, k).isEqualTo(sorted[k]);
                }
            }
        }
    }

    @Test
    void onlyTheFirstNValuesTakePart() {
        float[] v = {5, 1, 4, 100, -100};
        assertThat(Quantile.selectCopy(v, 3, 0)).isEqualTo(1f);
        assertThat(Quantile.selectCopy(v, 3, 2)).isEqualTo(5f);
        assertThat(v).containsExactly(5, 1, 4, 100, -100);
    }

    @Test
    void largeSampleQuantilesAgreeWithSorting() {
        Random random = new Random(3);
        float[] v = new float[200_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.abs(random.nextGaussian() * 12);
        }
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        for (double q : new double[]{0, 0.5, 0.9, 0.98, 0.9995, 1}) {
            int k = (int) (q * (v.length - 1));
            assertThat(Quantile.selectCopy(v, v.length, k)).as("q=%s", q).isEqualTo(sorted[k]);
        }
    }

    @Test
    void indexOutsideTheValuesIsRefused() {
        assertThatThrownBy(() -> Quantile.select(new float[3], 3, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quantile.select(new float[3], 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static float[] values(Random random, int n, String shape) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (shape) {
                case "few-values" -> random.nextInt(4);
                case "sorted" -> i;
                case "reversed" -> n - i;
                case "constant" -> 2.5f;
                default -> random.nextFloat() * 100 - 50;
            };
        }
        return v;
    }
}
