package dev.refinery.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A contact shadow kept at the product's foot is seen by its soft outer edge, and a product's own dark base, whose edge
 * is as sharp as the rest of its outline, is not taken for one (docs/decisions.md, round 12).
 */
class ContactShadowTest {
    private static final int W = 480, H = 360;
    private static final int FLOOR = 0xFFB4B0AA, PRODUCT = 0xFF8C6E50, BASE = 0xFF161412;
    /** The product stands on the floor at y 250: x 120–360, y 120–250. */
    private static final int X0 = 120, X1 = 360, Y0 = 120, FOOT = 250;

    /** The floor, the product, and under it an occlusion shadow near black at the foot fading out over 14 px. */
    private static int[] scene(boolean darkBase) {
        int[] px = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int c = FLOOR;
                if (x >= X0 && x < X1 && y >= FOOT && y < FOOT + 14) {
                    double t = (y - FOOT) / 14.0;
                    c = ShadeAwareCutoutTest.shade(FLOOR, 0.03 + 0.97 * t * t * (3 - 2 * t));
                }
                if (x >= X0 && x < X1 && y >= Y0 && y < FOOT) {
                    c = darkBase && y >= FOOT - 16 ? BASE : PRODUCT;
                }
                px[y * W + x] = c;
            }
        }
        return px;
    }

    private static float[] cutout(int bottom) {
        float[] a = new float[W * H];
        for (int y = Y0; y < bottom; y++) {
            for (int x = X0; x < X1; x++) {
                a[y * W + x] = 1;
            }
        }
        return a;
    }

    private static Finding contactShadow(int[] photo, float[] alpha) {
        List<Finding> fs = QualityChecker.cutoutFindings(photo, W, alpha);
        return fs.stream().filter(f -> f.check().equals("cutout-contact-shadow")).findFirst().orElseThrow();
    }

    @Test
    void aCutoutThatKeptTheShadowUnderTheProductFails() {
        Finding f = contactShadow(scene(false), cutout(FOOT + 9));
        assertThat(f.passed()).as(f.message()).isFalse();
        assertThat(f.message()).contains("contact shadow");
        assertThat(f.regions()).isNotEmpty();
        // the box lies along the foot, not over the product's top
        assertThat(f.regions().get(0).y()).isGreaterThan((FOOT - 30) / (double) H);
    }

    @Test
    void theSameProductCutAtItsFootPasses() {
        assertThat(contactShadow(scene(false), cutout(FOOT)).passed()).isTrue();
    }

    @Test
    void aProductsOwnDarkBaseWithASharpEdgeIsNotAShadow() {
        // near black inside the foot as a kept shadow is, but its edge on the floor is as sharp as the product's sides
        assertThat(contactShadow(scene(true), cutout(FOOT)).passed()).isTrue();
    }
}
