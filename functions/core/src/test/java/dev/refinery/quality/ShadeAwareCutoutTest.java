package dev.refinery.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.color.ArgbPixels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cut-out tests read a product's own shadow beside a perfect cut-out as the backdrop in shade, not as product
 * left outside, and still see a shadow the cut-out kept (docs/decisions.md round 11: on the photo lab's exact masks
 * the two shade rules made 22 of 70 perfect cut-outs pass the check, then 32).
 */
class ShadeAwareCutoutTest {
    private static final int W = 480, H = 360;
    private static final int FLOOR = 0xFFB89A78;

    /** A warm floor, a dark-brown product (x 180–300, y 80–260) and, when asked, its cast shadow to its right. */
    private static int[] scene(boolean castShadow, int product) {
        int[] px = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int c = FLOOR;
                if (castShadow && x >= 300 && x < 400 && y >= 200 && y < 262) {
                    // the floor at 30-85 % of its light: darkest against the product, lighter outwards over a soft rim
                    double t = Math.min(1, (x - 300) / 100.0 + Math.max(0, (y - 250) / 12.0));
                    c = shade(FLOOR, 0.30 + 0.55 * t);
                }
                if (x >= 180 && x < 300 && y >= 80 && y < 260) {
                    c = product;
                }
                px[y * W + x] = c;
            }
        }
        return px;
    }

    static int shade(int rgb, double k) {
        // in linear light, as a shadow darkens a surface
        int r = (int) Math.round(255 * Math.pow(k * Math.pow(((rgb >> 16) & 0xFF) / 255.0, 2.2), 1 / 2.2));
        int g = (int) Math.round(255 * Math.pow(k * Math.pow(((rgb >> 8) & 0xFF) / 255.0, 2.2), 1 / 2.2));
        int b = (int) Math.round(255 * Math.pow(k * Math.pow((rgb & 0xFF) / 255.0, 2.2), 1 / 2.2));
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    private static float[] box(int x0, int x1, int y0, int y1) {
        float[] a = new float[W * H];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                a[y * W + x] = 1;
            }
        }
        return a;
    }

    private static Finding finding(List<Finding> fs, String check) {
        return fs.stream().filter(f -> f.check().equals(check)).findFirst().orElseThrow();
    }

    private static List<Finding> judge(int[] px, float[] alpha) {
        ArgbPixels photo = new ArgbPixels(W, H, px);
        return CutoutPlausibility.judge(new BaseEvidence(photo, photo, null, null, Map.of()), alpha);
    }

    @Test
    void aDarkProductsCastShadowBesideAPerfectCutoutIsTheBackdropInShade() {
        List<Finding> fs = judge(scene(true, 0xFF3A2A1E), box(180, 300, 80, 260));
        assertThat(finding(fs, "cutout-left-out").measured()).as("the shadow is not product left outside").isLessThan(0.01);
        assertThat(finding(fs, "cutout-sides").passed()).isTrue();
        assertThat(fs).allMatch(Finding::passed);
    }

    @Test
    void aHardShadowTheCutoutKeptIsStillSeen() {
        // a small lamp casts a crisp shadow (the floor at 40 % of its light) right of the product, and the cut-out
        // keeps all of it: the outline runs around the shadow with the floor's colour, darker, inside it. A crisp edge
        // is what an object has too, which is why an outline's sharpness is not taken as proof of an object.
        int[] px = scene(false, 0xFF3A2A1E);
        float[] kept = box(180, 300, 80, 260);
        for (int y = 170; y < 260; y++) {
            for (int x = 300; x < 420; x++) {
                px[y * W + x] = shade(FLOOR, 0.40);
                kept[y * W + x] = 1;
            }
        }
        List<Finding> fs = judge(px, kept);
        assertThat(finding(fs, "cutout-shadow").passed()).as("the kept shadow").isFalse();
    }
}
