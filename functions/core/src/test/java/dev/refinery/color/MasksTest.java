package dev.refinery.color;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MasksTest {

    /** The row-skipping bounding box agrees with testing every pixel, on random blobs, speckle and empty masks. */
    @Test
    void boundingBoxMatchesAnExhaustiveScan() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 500; trial++) {
            int w = 1 + rnd.nextInt(40), h = 1 + rnd.nextInt(40);
            float[] a = new float[w * h];
            int dots = rnd.nextInt(6);
            for (int d = 0; d < dots; d++) {
                int x0 = rnd.nextInt(w), y0 = rnd.nextInt(h), bw = 1 + rnd.nextInt(8), bh = 1 + rnd.nextInt(8);
                for (int y = y0; y < Math.min(h, y0 + bh); y++) {
                    for (int x = x0; x < Math.min(w, x0 + bw); x++) {
                        a[y * w + x] = rnd.nextFloat();
                    }
                }
            }
            double threshold = rnd.nextDouble();
            assertThat(Masks.boundingBox(a, w, h, threshold)).as("trial " + trial).isEqualTo(exhaustive(a, w, h, threshold));
        }
    }

    @Test
    void iouOfBinaryMasks() {
        boolean[] a = {true, true, false, false}, b = {true, false, true, false};
        assertThat(Masks.iou(a, b)).isEqualTo(1 / 3.0);
        assertThat(Masks.iou(new boolean[4], new boolean[4])).as("both empty").isEqualTo(1.0);
        assertThat(Masks.iou(a, a)).isEqualTo(1.0);
    }

    private static Rectangle exhaustive(float[] a, int w, int h, double t) {
        int minX = w, minY = h, maxX = -1, maxY = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (a[y * w + x] >= t) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? new Rectangle() : new Rectangle(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    @Test
    void dilateReachesEveryPixelWithinTheChebyshevDistanceAndNoFurther() {
        int w = 11, h = 9;
        boolean[] set = new boolean[w * h];
        set[4 * w + 5] = true;
        boolean[] d = Masks.dilate(set, w, h, 2);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                org.assertj.core.api.Assertions.assertThat(d[y * w + x]).as("%d,%d", x, y)
                        .isEqualTo(Math.max(Math.abs(x - 5), Math.abs(y - 4)) <= 2);
            }
        }
        org.assertj.core.api.Assertions.assertThat(Masks.dilate(new boolean[w * h], w, h, 3)).doesNotContain(true);
    }

    @Test
    void dilatingAFloatMaskCoversTheBandAroundItsPixelsAboveTheThreshold() {
        float[] mask = new float[10 * 10];
        mask[55] = 1f;
        boolean[] near = Masks.dilate(mask, 10, 10, Math.nextUp(0.02f), 2);
        assertThat(near[55]).isTrue();
        assertThat(near[33]).isTrue();
        assertThat(near[77]).isTrue();
        assertThat(near[22]).isFalse();
        assertThat(near[58]).isFalse();
    }

    @Test
    void dilatingAFloatMaskMatchesTheChebyshevDistanceOnRandomMasks() {
        Random random = new Random(5);
        for (int[] c : new int[][]{{1, 1, 1, 30}, {23, 17, 2, 30}, {40, 9, 4, 30}, {9, 40, 3, 30}, {50, 50, 3, 400}, {31, 29, 6, 600}, {12, 12, 2, 100_000}}) {
            int w = c[0], h = c[1], r = c[2], oneIn = c[3];
            float[] mask = new float[w * h];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = random.nextInt(oneIn) == 0 ? random.nextFloat() : 0f;
            }
            boolean[] near = Masks.dilate(mask, w, h, Math.nextUp(0.02f), r);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean expected = false;
                    for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                        for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                            expected |= mask[yy * w + xx] > 0.02f;
                        }
                    }
                    assertThat(near[y * w + x]).as("%dx%d r=%d at %d,%d", w, h, r, x, y).isEqualTo(expected);
                }
            }
        }
    }
}
