package dev.refinery.qualitylab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentationTest {
    static boolean[] rect(int w, int h, int x0, int y0, int rw, int rh) {
        boolean[] m = new boolean[w * h];
        for (int y = y0; y < y0 + rh; y++) {
            for (int x = x0; x < x0 + rw; x++) {
                if (x >= 0 && y >= 0 && x < w && y < h) {
                    m[y * w + x] = true;
                }
            }
        }
        return m;
    }

    @Test
    void iouOfTwoRectangles() {
        // 10x10 at (0,0) and (5,0): 50 shared of 150
        assertThat(Segmentation.iou(rect(30, 20, 0, 0, 10, 10), rect(30, 20, 5, 0, 10, 10))).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(Segmentation.iou(rect(30, 20, 0, 0, 10, 10), rect(30, 20, 0, 0, 10, 10))).isEqualTo(1.0);
        assertThat(Segmentation.iou(rect(30, 20, 0, 0, 10, 10), rect(30, 20, 15, 0, 10, 10))).isEqualTo(0.0);
        // 20x10 inside 20x20: half
        assertThat(Segmentation.iou(rect(40, 40, 0, 0, 20, 10), rect(40, 40, 0, 0, 20, 20))).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void boundaryFOfAShiftedEdge() {
        int w = 100, h = 100;
        boolean[] truth = rect(w, h, 30, 30, 40, 40);
        // within the tolerance: every boundary pixel matches
        assertThat(Segmentation.boundaryF(rect(w, h, 32, 30, 40, 40), truth, w, h, 2.0)).isEqualTo(1.0);
        // 3 px right: of the 156 boundary pixels, the two horizontal runs match at x 33..71 (39 each: the truth's
        // run ends at x 69) and the left column's two pixels next to each run (distance 1 and 2): 82. Symmetric.
        double[] pr = Segmentation.boundaryPrecisionRecall(rect(w, h, 33, 30, 40, 40), truth, w, h, 2.0);
        assertThat(pr[0]).isCloseTo(82 / 156.0, within(1e-12));
        assertThat(pr[1]).isCloseTo(82 / 156.0, within(1e-12));
        assertThat(Segmentation.boundaryF(rect(w, h, 33, 30, 40, 40), truth, w, h, 2.0)).isCloseTo(82 / 156.0, within(1e-12));
        // a far shift matches nothing
        assertThat(Segmentation.boundaryF(rect(w, h, 0, 0, 10, 10), rect(w, h, 80, 80, 10, 10), w, h, 2.0)).isEqualTo(0.0);
    }

    @Test
    void distanceTransformIsExactAgainstBruteForce() {
        Random r = new Random(3);
        int w = 37, h = 23;
        boolean[] t = new boolean[w * h];
        for (int i = 0; i < t.length; i++) {
            t[i] = r.nextDouble() < 0.03;
        }
        float[] d = Segmentation.squaredDistanceTo(t, w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double best = Double.MAX_VALUE;
                for (int i = 0; i < t.length; i++) {
                    if (t[i]) {
                        double dx = i % w - x, dy = i / w - y;
                        best = Math.min(best, dx * dx + dy * dy);
                    }
                }
                assertThat((double) d[y * w + x]).isCloseTo(best, within(1e-3));
            }
        }
    }

    @Test
    void insideDistanceCountsTheFrameAsOutside() {
        boolean[] all = rect(9, 9, 0, 0, 9, 9);
        float[] d = Segmentation.insideDistance(all, 9, 9);
        assertThat(d[4 * 9 + 4]).isEqualTo(5f); // centre: 5 px to the padding ring
        assertThat(d[0]).isEqualTo(1f);
    }

    @Test
    void openingDropsThinLinesAndKeepsBlobs() {
        int w = 60, h = 40;
        boolean[] m = rect(w, h, 5, 5, 40, 3); // a line 3 px thick
        boolean[] blob = rect(w, h, 10, 15, 12, 12);
        for (int i = 0; i < m.length; i++) {
            m[i] |= blob[i];
        }
        boolean[] opened = Evaluator.open(m, w, h, 2);
        assertThat(Segmentation.count(opened)).isEqualTo(144); // the 12x12 blob whole, the line gone
        // something touching the frame is not eaten from the frame's side
        assertThat(Segmentation.count(Evaluator.open(rect(w, h, 0, 0, 8, 40), w, h, 2))).isEqualTo(8 * 40);
    }
}
