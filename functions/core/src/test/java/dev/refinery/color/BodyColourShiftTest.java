package dev.refinery.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seller's "the mug is navy" on a product with shading, print, a label and a highlight. */
class BodyColourShiftTest {
    private static final int W = 200, H = 160;
    private static final int TEXT = 0xFF1E1E1E, LABEL = 0xFFEDEAE2, HIGHLIGHT = 0xFFFAFAFA;

    /**
     * A blue product (sRGB 45, 80, 150, lit from the left: 30 % darker on its right), dark text on a white label in its
     * middle, a highlight stripe, in a transparent frame of 10 px.
     */
    private static int[] product() {
        int[] px = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                if (x < 10 || y < 10 || x >= W - 10 || y >= H - 10) {
                    px[y * W + x] = 0x00000000;
                    continue;
                }
                double shade = 1 - 0.3 * (x - 10) / (W - 20.0);
                int c = 0xFF000000 | ColorMath.fromLinear(ColorMath.toLinear(45) * shade) << 16
                        | ColorMath.fromLinear(ColorMath.toLinear(80) * shade) << 8 | ColorMath.fromLinear(ColorMath.toLinear(150) * shade);
                if (x >= 70 && x < 130 && y >= 60 && y < 100) {
                    c = (y % 8 < 3 && x % 6 < 4) ? TEXT : LABEL;
                }
                if (x >= 20 && x < 24) {
                    c = HIGHLIGHT;
                }
                px[y * W + x] = c;
            }
        }
        return px;
    }

    private static NamedColours.Named colour(String words) {
        return NamedColours.find(words).orElseThrow();
    }

    @Test
    void theBodyColourIsFoundAcrossItsShadingAndThePrintIsNotPartOfIt() {
        BodyColourShift.Body body = BodyColourShift.body(product());
        double[] expected = ColorMath.rgbToLab(45 << 16 | 80 << 8 | 150);
        // the mode lies between the lit and the shaded side, near the lit one in hue
        assertThat(ColorMath.deltaE2000(body.lab(), expected)).isLessThan(6);
        // the label (60×40 of 180×140) and the highlight (4 px of 180) are not body colour
        assertThat(body.share()).isBetween(0.85, 0.92);
    }

    @Test
    void aNearbyColourIsReachedThePrintLabelAndHighlightStayAndTheShadingIsKept() {
        int[] in = product();
        double[] body = BodyColourShift.body(in).lab();
        NamedColours.Named target = new NamedColours.Named("a bluer blue", new double[] {body[0] - 3, body[1] + 3, body[2] - 6});
        BodyColourShift shift = BodyColourShift.toward(in, target, 1);
        assertThat(shift.applicable()).isTrue();
        assertThat(shift.moved()).isLessThan(BodyColourShift.MAX_DELTA_E);
        assertThat(shift.remaining()).isLessThan(0.5);
        int[] out = shift.apply(in, W);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == TEXT || in[i] == LABEL || in[i] == HIGHLIGHT || (in[i] >>> 24) == 0) {
                assertThat(out[i]).as("pixel %d", i).isEqualTo(in[i]);
            }
        }
        // the body moved: its lit and shaded sides both, the step between them kept (L* added, not replaced)
        int lit = 60 * W + 30, shaded = 60 * W + 185;
        double[] litIn = ColorMath.rgbToLab(in[lit] & 0xFFFFFF), litOut = ColorMath.rgbToLab(out[lit] & 0xFFFFFF);
        double[] shadedIn = ColorMath.rgbToLab(in[shaded] & 0xFFFFFF), shadedOut = ColorMath.rgbToLab(out[shaded] & 0xFFFFFF);
        assertThat(ColorMath.deltaE2000(litIn, litOut)).isGreaterThan(2);
        assertThat(ColorMath.deltaE2000(shadedIn, shadedOut)).isGreaterThan(2);
        assertThat(litOut[0] - shadedOut[0]).isCloseTo(litIn[0] - shadedIn[0], within(1.0));
    }

    @Test
    void aFarColourIsApproachedByTheBoundOnlyAndAHalfStepGoesHalfWay() {
        int[] in = product();
        BodyColourShift red = BodyColourShift.toward(in, colour("red"), 1);
        assertThat(red.moved()).isCloseTo(BodyColourShift.MAX_DELTA_E, within(0.05));
        assertThat(red.remaining()).isGreaterThan(30);
        BodyColourShift full = BodyColourShift.toward(in, colour("#3a5a9a"), 1), half = BodyColourShift.toward(in, colour("#3a5a9a"), 0.5);
        assertThat(full.moved()).isLessThan(BodyColourShift.MAX_DELTA_E);
        assertThat(half.delta()[1]).isCloseTo(full.delta()[1] / 2, within(0.01));
    }

    @Test
    void aProductOfManyColoursHasNoBodyColourToMove() {
        int[] px = new int[W * H];
        int[] stripes = {0xFFC0282D, 0xFF2F7D3A, 0xFF2D5BB8, 0xFFF2CA30, 0xFF64307F};
        for (int i = 0; i < px.length; i++) {
            px[i] = stripes[(i % W) * stripes.length / W];
        }
        BodyColourShift shift = BodyColourShift.toward(px, colour("navy"), 1);
        assertThat(shift.share()).isLessThan(BodyColourShift.MIN_SHARE);
        assertThat(shift.applicable()).isFalse();
    }

    @Test
    void theDeclaredShiftReadsBackAsTheSameShift() {
        BodyColourShift shift = BodyColourShift.toward(product(), colour("navy"), 1);
        Map<String, String> params = shift.params();
        assertThat(params).containsEntry("colour.target", "navy").containsKeys("colour.body", "colour.delta", "colour.moved", "colour.remaining");
        BodyColourShift back = BodyColourShift.fromParams(params);
        double[] probe = ColorMath.rgbToLab(50 << 16 | 85 << 8 | 150);
        double[] a = shift.apply(probe), b = back.apply(probe);
        for (int c = 0; c < 3; c++) {
            assertThat(b[c]).isCloseTo(a[c], within(0.01));
        }
        assertThat(BodyColourShift.fromParams(Map.of("gainR", "1"))).isNull();
    }

    @Test
    void namedColoursAreFoundAsASellerWritesThem() {
        assertThat(NamedColours.find("the mug is navy").orElseThrow().words()).isEqualTo("navy");
        assertThat(NamedColours.find("it looks purple but it is dark green").orElseThrow().words()).isEqualTo("dark green");
        double[] dark = NamedColours.find("dark green").orElseThrow().lab(), plain = NamedColours.find("green").orElseThrow().lab();
        assertThat(dark[0]).isCloseTo(plain[0] - 15, within(0.01));
        assertThat(NamedColours.find("closer to #1F2A44 please").orElseThrow().lab())
                .satisfies(lab -> assertThat(ColorMath.deltaE2000(lab, ColorMath.rgbToLab(0x1F2A44))).isLessThan(0.01));
        assertThat(NamedColours.find("brighter please")).isEmpty();
        assertThat(NamedColours.find("make it bluer")).isEmpty();
    }

    @Test
    void labToLinearInvertsLinearToLab() {
        for (int rgb : new int[] {0x000000, 0xFFFFFF, 0x1F2A44, 0xC0282D, 0x7F7F7F, 0x12767A}) {
            assertThat(ColorMath.labToRgb(ColorMath.rgbToLab(rgb))).as("%06x", rgb).isEqualTo(rgb);
        }
    }
}
