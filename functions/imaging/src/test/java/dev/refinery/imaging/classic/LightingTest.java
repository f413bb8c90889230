package dev.refinery.imaging.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.refinery.color.ProductColorComparison;
import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.samples.ColorCast;
import dev.refinery.samples.ProductShape;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SampleSpec;
import dev.refinery.samples.Surface;
import dev.refinery.samples.SyntheticPhotos;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LightingTest {
    private final SyntheticPhotos samples = new SyntheticPhotos();
    private final ClassicEngine engine = new ClassicEngine();

    private SamplePhoto photo(ColorCast cast, double ev, double vignetting) {
        return samples.generate(new SampleSpec("lighting", 800, 600, ProductShape.BOX, 0x2850A0, 0xF0C428, Surface.WHITE_PLASTER,
                Surface.WOOD, 0.5, 0.02, 0.6, cast, ev, vignetting, 2.0, 0.5, 11));
    }

    private static EditRequest request(BufferedImage img, String feedback, Map<String, String> hints) {
        return new EditRequest(img, img, List.of("amazon-main"), feedback, hints, List.of(), Map.of(), "t");
    }

    private static double deltaE(BufferedImage img, SamplePhoto p) {
        return ProductColorComparison.compare(img, p.truthAlpha(), p.truth(), p.truthAlpha()).meanDeltaE();
    }

    @Test
    void restoresTrueColoursUnderACast() {
        for (ColorCast cast : List.of(ColorCast.WARM, ColorCast.COOL, ColorCast.GREEN)) {
            SamplePhoto p = photo(cast, 0, 0.2);
            EditResult r = engine.edit(Stage.LIGHTING, request(p.photo(), null, Map.of()));
            double before = deltaE(p.photo(), p), after = deltaE(r.image(), p);
            // A light wall above a wooden floor is ambiguous evidence (a white wall under a cast, or a tinted wall
            // under neutral light): the two illuminant estimates disagree, so the white balance is bounded.
            // (WARM here: 4.4 -> 3.1; COOL 2.9 -> 2.8: the bound holds it back)
            assertThat(after).as(cast + ": CIEDE2000 after (before %.2f)", before).isLessThan(3.5).isLessThan(before);
            assertThat(r.summary()).startsWith("white balance gains r=").contains("EV");
            assertThat(r.params()).containsKeys("gainR", "gainG", "gainB", "exposureEv", "vignetting");
            assertThat(r.passed()).isTrue();
        }
    }

    @Test
    void brightensAnUnderExposedPhotoByWhatItsMeterShowsAndNoMore() {
        // this scene (white plaster over wood) meters about 0.8 EV over mid-grey when exposed right; 2 EV under,
        // it meters about 1.2 EV under: the correction is what the meter shows, never past the photo's true exposure
        SamplePhoto p = photo(ColorCast.NONE, -2.0, 0);
        LightingCorrector.Correction c = new LightingCorrector().estimate(Pixels.argb(p.photo()), p.width(), p.height());
        assertThat(c.ev()).isBetween(0.8, 2.0);
        EditResult r = engine.edit(Stage.LIGHTING, request(p.photo(), null, Map.of()));
        assertThat(deltaE(r.image(), p)).isLessThan(deltaE(p.photo(), p) * 0.7); // 18.5 -> 11.4 here
    }

    @Test
    void leavesAPhotoExposedAsACameraMetersItAloneThoughItsTopIsFarFromWhite() {
        // a dark scene the camera metered to mid-grey: the old rule ("bring the top percent to white") added
        // 1-1.8 EV to every faultless photo of the photo lab
        SamplePhoto p = photo(ColorCast.NONE, -0.8, 0);
        LightingCorrector.Correction c = new LightingCorrector().estimate(Pixels.argb(p.photo()), p.width(), p.height());
        assertThat(c.ev()).isZero();
    }

    @Test
    void leavesAProperlyExposedNeutralPhotoAlone() {
        SamplePhoto p = photo(ColorCast.NONE, 0, 0);
        LightingCorrector.Correction c = new LightingCorrector().estimate(Pixels.argb(p.truth()), p.width(), p.height());
        for (double g : c.gains()) {
            assertThat(g).isCloseTo(1.0, within(0.05));
        }
        assertThat(c.ev()).isBetween(0.0, 0.15);
        assertThat(c.vignetting()).isZero();
        // the bar: a well-exposed neutral photo is left alone (CIEDE2000 <= 1 between input and output)
        EditResult r = engine.edit(Stage.LIGHTING, request(p.truth(), null, Map.of()));
        assertThat(ProductColorComparison.compare(p.truth(), p.truthAlpha(), r.image(), p.truthAlpha()).meanDeltaE()).isLessThanOrEqualTo(1.0);
    }

    @Test
    void aTintedWallUnderNeutralLightIsNotTakenForAWhiteOne() {
        // the neutral scene, then everything but the product tinted beige: a beige wall and a warmer floor
        SamplePhoto p = photo(ColorCast.NONE, 0, 0);
        int[] px = Pixels.argb(p.truth());
        float[] a = p.truthAlpha();
        for (int i = 0; i < px.length; i++) {
            if (a[i] < 0.5f) {
                int r = (px[i] >> 16) & 0xFF, g = (px[i] >> 8) & 0xFF, b = px[i] & 0xFF;
                px[i] = 0xFF000000 | (r << 16) | ((int) (g * 0.93) << 8) | (int) (b * 0.80);
            }
        }
        BufferedImage beige = Pixels.toImage(px, p.width(), p.height(), false);
        EditResult r = engine.edit(Stage.LIGHTING, request(beige, null, Map.of()));
        double moved = ProductColorComparison.compare(beige, a, r.image(), a).meanDeltaE();
        assertThat(moved).as("the product's colour change (CIEDE2000)").isLessThan(4.0);
        assertThat(Double.parseDouble(r.params().get("exposureEv"))).isLessThan(0.3);
        assertThat(r.params()).containsKeys("wbEvidence", "wbEstimatesAngleDeg", "topLuminance", "clippedShare");
    }

    @Test
    void leavesAnOverMeteredPhotoOnANearWhiteBackdropAlone() {
        SamplePhoto p = photo(ColorCast.NONE, 0, 0);
        // a light box exposed bright on purpose: everything x2 in linear light, the backdrop near white (clipped)
        int[] px = Pixels.argb(p.truth());
        int[] bright = LightingCorrector.apply(px, p.width(), p.height(), new double[] {1, 1, 1}, 2.0, 0);
        LightingCorrector.Correction c = new LightingCorrector().estimate(bright, p.width(), p.height());
        assertThat(c.meteredEv()).as("the meter reads it over-exposed").isLessThan(-0.4);
        assertThat(c.exposureGain()).isEqualTo(1.0);
        assertThat(c.exposureLeft()).as("a near-white backdrop exposed bright is taken as meant").isZero();
    }

    @Test
    void aLightButNotWhiteOverMeteredSceneIsLeftAndDeclaredADoubt() {
        // the synthetic set's white-plaster scenes: lit without a camera's metering, under-exposed by design, metered over
        SamplePhoto p = samples.generate(new SampleSpec("light-scene", 900, 1200, ProductShape.BOTTLE, 0x6E3C14, 0xDC5A28, Surface.GREY_PAPER,
                Surface.SEAMLESS, 0.62, 0.02, 0.5, ColorCast.NONE, -0.6, 0.35, 5.0, 0.5, 11));
        LightingCorrector.Correction c = new LightingCorrector().estimate(Pixels.argb(p.photo()), p.width(), p.height());
        assertThat(c.meteredEv()).isLessThan(-0.4);
        assertThat(c.borderLuminance()).isBetween(LightingCorrector.MID_TONE_BACKDROP, LightingCorrector.NEAR_WHITE_BACKDROP);
        assertThat(c.exposureGain()).isEqualTo(1.0);
        assertThat(c.exposureLeft()).isCloseTo(-c.meteredEv(), within(1e-9));
    }

    /**
     * The photo lab's over-exposure faults (truth.json faults.exposureEv) are darkened by about what they were
     * over-exposed; a faultless photo of the same lab is left alone.
     */
    @ParameterizedTest
    @CsvSource({"pl-022, 0.71", "pl-068, 0.72", "pl-060, 0", "pl-031, 0"})
    void darkensAnOverExposedPhotoOnAMidToneBackdropByAboutItsFault(String id, double faultEv) throws java.io.IOException {
        java.nio.file.Path photo = dev.refinery.testkit.Checkout.path("functions/photolab/corpus").resolve(id).resolve("photo.jpg");
        Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(photo), "the photo lab's corpus is not here");
        BufferedImage img = javax.imageio.ImageIO.read(photo.toFile());
        LightingCorrector.Correction c = new LightingCorrector().estimate(Pixels.argb(img), img.getWidth(), img.getHeight());
        if (faultEv == 0) {
            assertThat(c.exposureGain()).isEqualTo(1.0);
        } else {
            assertThat(c.ev()).isCloseTo(-faultEv, within(0.25));
        }
    }

    @Test
    void highlightShoulderIsIdentityWithoutHeadroomAndBringsThePeakToOne() {
        LightingCorrector.Shoulder none = new LightingCorrector.Shoulder(0.97f);
        assertThat(none.map(0.95f)).isEqualTo(0.95f);
        LightingCorrector.Shoulder s = new LightingCorrector.Shoulder(1.6f);
        assertThat(s.map(0.5f)).isEqualTo(0.5f);
        assertThat(s.map(1.6f)).isCloseTo(1f, within(1e-5f));
        float prev = 0;
        for (float v = 0.85f; v <= 1.6f; v += 0.01f) {
            float m = s.map(v);
            assertThat(m).isGreaterThanOrEqualTo(prev).isLessThanOrEqualTo(1f);
            prev = m;
        }
    }

    @Test
    void onACutOutOnlyAppliesWhatTheSellerAskedFor() {
        SamplePhoto p = photo(ColorCast.WARM, -0.5, 0);
        BufferedImage cutout = p.truthCutout();
        EditResult same = engine.edit(Stage.LIGHTING, request(cutout, null, Map.of()));
        assertThat(same.params()).containsEntry("mode", "adjust-only");
        assertThat(Pixels.argb(same.image())).isEqualTo(Pixels.argb(cutout));

        EditResult brighter = engine.edit(Stage.LIGHTING, request(cutout, "a bit brighter please", Map.of()));
        assertThat(Double.parseDouble(brighter.params().get("exposureEv"))).isCloseTo(0.33, within(0.01));
        assertThat(meanLuma(brighter.image())).isGreaterThan(meanLuma(cutout) * 1.08);
        assertThat(Pixels.alpha(Pixels.argb(brighter.image()))).isEqualTo(Pixels.alpha(Pixels.argb(cutout)));

        EditResult hinted = engine.edit(Stage.LIGHTING, request(cutout, null, Map.of("exposure", "-0.5")));
        assertThat(Double.parseDouble(hinted.params().get("exposureEv"))).isCloseTo(-0.5, within(0.01));
    }

    private static double meanLuma(BufferedImage img) {
        int[] px = Pixels.argb(img);
        double sum = 0;
        int n = 0;
        for (int p : px) {
            if ((p >>> 24) > 128) {
                sum += 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
                n++;
            }
        }
        return sum / n;
    }

    /**
     * A flat product on a blown-out backdrop leaves the grey-edge estimate no edge to measure (every edge
     * touches a clipped pixel): the correction must stay finite and the product's colour untouched, not
     * turn the photo into NaN pixels (the background stage then found no product at all).
     */
    @Test
    void aFlatProductOnABlownOutBackdropIsLeftFiniteAndFound() {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(480, 360, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(new java.awt.Color(0xFAFAFA));
        g.fillRect(0, 0, 480, 360);
        g.setColor(new java.awt.Color(40, 90, 160));
        g.fillRect(120, 72, 240, 216);
        g.dispose();
        EditResult r = engine.edit(Stage.LIGHTING, request(img, null, Map.of()));
        for (String k : List.of("gainR", "gainG", "gainB", "exposureEv")) {
            assertThat(Double.parseDouble(r.params().get(k))).as(k).isFinite();
        }
        assertThat(r.image().getRGB(240, 180) & 0xFFFFFF).as("the product's colour").isNotZero();
        EditResult cut = engine.edit(Stage.BACKGROUND, request(r.image(), null, Map.of()));
        assertThat(cut.passed()).as(String.join("; ", cut.problems())).isTrue();
    }
}
