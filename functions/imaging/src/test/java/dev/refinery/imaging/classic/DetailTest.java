package dev.refinery.imaging.classic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DetailTest {
    private static final int W = 200, H = 160;
    private final ClassicEngine engine = new ClassicEngine();

    /** An opaque square product on transparency: left half dark, right half light, the step softened like a lens would. */
    private static BufferedImage stepProduct(double noise, long seed) {
        Random rnd = new Random(seed);
        int[] px = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean inside = x >= 20 && x < 180 && y >= 20 && y < 140;
                double t = 1 / (1 + Math.exp(-(x - 100) / 1.2));
                double v = 60 + 140 * t + rnd.nextGaussian() * noise;
                int c = Pixels.clamp8(v);
                px[y * W + x] = (inside ? 0xFF000000 : 0) | (c << 16) | (c << 8) | c;
            }
        }
        return Pixels.toImage(px, W, H, true);
    }

    private static EditResult detail(BufferedImage img, Map<String, String> hints) {
        return new ClassicEngine().edit(Stage.DETAIL, new EditRequest(img, img, List.of(), null, hints, List.of(), Map.of(), "t"));
    }

    @Test
    void sharpensWithoutHalos() {
        BufferedImage in = stepProduct(0, 1);
        for (Map<String, String> hints : List.of(Map.<String, String>of(), Map.of("sharpen", "strong"))) {
            int[] out = Pixels.argb(detail(in, hints).image());
            int[] src = Pixels.argb(in);
            double overshoot = 0;
            for (int y = 30; y < 130; y++) {
                for (int x = 30; x < 170; x++) {
                    int v = out[y * W + x] & 0xFF;
                    int lo = 255, hi = 0;
                    for (int dx = -1; dx <= 1; dx++) {
                        int s = src[y * W + x + dx] & 0xFF;
                        lo = Math.min(lo, s);
                        hi = Math.max(hi, s);
                    }
                    overshoot = Math.max(overshoot, Math.max(v - hi, lo - v));
                }
            }
            DetailEnhancer.Settings s = ClassicEngine.settingsFor(new EditRequest(in, in, List.of(), null, hints, List.of(), Map.of(), "t"));
            assertThat(overshoot).as("overshoot past the local range with " + hints).isLessThanOrEqualTo(s.overshoot() + 1);
            // the edge got steeper: the transition's middle moved apart
            int left = out[80 * W + 99] & 0xFF, right = out[80 * W + 101] & 0xFF;
            assertThat(right - left).isGreaterThan((src[80 * W + 101] & 0xFF) - (src[80 * W + 99] & 0xFF));
        }
    }

    @Test
    void theChecksDenoiseRepairSmoothsHarderThanTheFirstPass() {
        BufferedImage in = stepProduct(8, 3);
        int[] normal = Pixels.argb(detail(in, Map.of()).image());
        int[] strong = Pixels.argb(detail(in, Map.of("denoise", "strong")).image());
        assertThat(stdDev(strong, 30, 30, 80, 130)).isLessThan(0.8 * stdDev(normal, 30, 30, 80, 130));
    }

    @Test
    void reducesNoiseOnFlatAreasAndKeepsAlpha() {
        BufferedImage in = stepProduct(5, 2);
        EditResult r = detail(in, Map.of());
        int[] out = Pixels.argb(r.image());
        int[] src = Pixels.argb(in);
        assertThat(stdDev(out, 30, 30, 80, 130)).isLessThan(0.6 * stdDev(src, 30, 30, 80, 130));
        assertThat(Pixels.alpha(out)).isEqualTo(Pixels.alpha(src));
        assertThat(r.metrics().get("noiseSigma")).isBetween(3.5, 6.5);
        for (int i = 0; i < out.length; i++) {
            if ((src[i] >>> 24) == 0) {
                assertThat(out[i]).isEqualTo(src[i]);
            }
        }
    }

    @Test
    void strongSharpeningSharpensMoreThanNormal() {
        BufferedImage in = stepProduct(0, 3);
        int[] normal = Pixels.argb(detail(in, Map.of()).image());
        int[] strong = Pixels.argb(detail(in, Map.of("sharpen", "strong")).image());
        int dn = (normal[80 * W + 102] & 0xFF) - (normal[80 * W + 98] & 0xFF);
        int ds = (strong[80 * W + 102] & 0xFF) - (strong[80 * W + 98] & 0xFF);
        assertThat(ds).isGreaterThan(dn);
    }

    private static double stdDev(int[] px, int x0, int y0, int x1, int y1) {
        double s = 0, s2 = 0;
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int v = px[y * W + x] & 0xFF;
                s += v;
                s2 += v * v;
                n++;
            }
        }
        double m = s / n;
        return Math.sqrt(s2 / n - m * m);
    }
}
