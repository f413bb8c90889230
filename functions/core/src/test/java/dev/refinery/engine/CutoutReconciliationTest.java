package dev.refinery.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import org.junit.jupiter.api.Test;

class CutoutReconciliationTest {
    static final int W = 200, H = 160;

    /** A mid-grey photo with a dark box product at x 60..139, y 40..119 (80 px square). */
    static int[] photo() {
        int[] px = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean product = x >= 60 && x < 140 && y >= 40 && y < 120;
                int v = product ? 60 : 200;
                px[y * W + x] = 0xFF000000 | v << 16 | v << 8 | v;
            }
        }
        return px;
    }

    static float[] box(int x0, int y0, int x1, int y1) {
        float[] a = new float[W * H];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                a[y * W + x] = 1f;
            }
        }
        return a;
    }

    static long differing(float[] a, float[] b) {
        long n = 0;
        for (int i = 0; i < a.length; i++) {
            if ((a[i] >= 0.5f) != (b[i] >= 0.5f)) n++;
        }
        return n;
    }

    @Test
    void slightOffsetsAgreeAndEachSliverGoesToTheSideOfThePhotosEdge() {
        float[] truth = box(60, 40, 140, 120);
        // classic runs 2 px outside on the left (a sliver of backdrop); the model's runs 2 px inside on the right
        float[] classic = box(58, 40, 140, 120);
        float[] ai = box(60, 40, 138, 120);
        CutoutReconciliation.Result r = CutoutReconciliation.reconcile(photo(), W, H, classic, ai);
        assertTrue(r.agrees(), "slivers of 2 px on an 80 px product are within the outline's band: " + r.disagreement());
        assertEquals(0, r.disagreement(), 1e-9);
        assertTrue(r.region().isEmpty());
        assertEquals(0, differing(r.alpha(), truth), "both slivers settled on the photo's edge");
    }

    @Test
    void aPartOneKeptAndTheOtherLeftOutIsADisagreementWithItsRegion() {
        float[] classic = box(60, 40, 140, 120);
        // the model kept a strip of table 30 x 12 px beside the product's foot
        float[] ai = classic.clone();
        for (int y = 108; y < 120; y++) {
            for (int x = 140; x < 170; x++) {
                ai[y * W + x] = 1f;
            }
        }
        CutoutReconciliation.Result r = CutoutReconciliation.reconcile(photo(), W, H, classic, ai);
        assertFalse(r.agrees());
        assertEquals(360.0 / (80 * 80 + 360), r.disagreement(), 1e-9);
        assertEquals(new Rectangle(140, 108, 30, 12), r.region());
        assertEquals(0.7, r.metrics(W, H).get(CutoutReconciliation.REGION_X), 1e-9);
    }

    @Test
    void theSameCutOutAgreesCompletely() {
        float[] a = box(60, 40, 140, 120);
        CutoutReconciliation.Result r = CutoutReconciliation.reconcile(photo(), W, H, a, a.clone());
        assertTrue(r.agrees());
        assertEquals(0, differing(r.alpha(), a));
        assertFalse(r.metrics(W, H).containsKey(CutoutReconciliation.REGION_X));
    }
}
