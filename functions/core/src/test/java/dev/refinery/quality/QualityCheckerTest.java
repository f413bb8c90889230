package dev.refinery.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.domain.ImageFormat;
import dev.refinery.domain.Preset;
import dev.refinery.domain.Stage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class QualityCheckerTest {
    private static final int SIDE = 600;
    private final QualityChecker checker = new QualityChecker();
    private final Preset preset = new Preset("test-white", "test", SIDE, SIDE, ImageFormat.PNG, 90, 5_000_000, 500,
            new Preset.Backdrop(Preset.Backdrop.Kind.WHITE, 0xFFFFFF, 0.995), new Preset.FillRule(0.85, 0.90, 0.87),
            0.02, 60, 3.0, false, false, Map.of(), "");

    /** A checkered product (sharp detail) of the given box on white; returns {image, mask}. */
    private static BufferedImage[] render(int x, int y, int w, int h, Color a, Color b) {
        BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        BufferedImage mask = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, SIDE, SIDE);
        for (int yy = y; yy < y + h; yy += 10) {
            for (int xx = x; xx < x + w; xx += 10) {
                g.setColor(((xx - x) / 10 + (yy - y) / 10) % 2 == 0 ? a : b);
                g.fillRect(xx, yy, Math.min(10, x + w - xx), Math.min(10, y + h - yy));
            }
        }
        g.dispose();
        Graphics2D m = mask.createGraphics();
        m.setColor(Color.WHITE);
        m.fillRect(x, y, w, h);
        m.dispose();
        return new BufferedImage[] {img, mask};
    }

    private static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** Reference master: the same product on a transparent background. */
    private static BufferedImage reference(BufferedImage img, BufferedImage mask) {
        BufferedImage ref = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int alpha = mask.getRaster().getSample(x, y, 0);
                ref.setRGB(x, y, (alpha << 24) | (img.getRGB(x, y) & 0xFFFFFF));
            }
        }
        return ref;
    }

    private static int side(double fill) {
        return (int) Math.round(SIDE * fill);
    }

    @Test
    void compliantRenditionPasses() throws IOException {
        int s = side(0.87);
        BufferedImage[] r = render((SIDE - s) / 2, (SIDE - s) / 2, s, s, new Color(200, 40, 40), new Color(40, 40, 160));
        QualityReport report = checker.check(preset, png(r[0]), r[1], reference(r[0], r[1]));
        assertThat(report.failures()).isEmpty();
        assertThat(report.metrics().get("fill")).isBetween(0.869, 0.871);
        assertThat(report.metrics().get("purity")).isEqualTo(1.0);
    }

    @Test
    void strayBackdropStripFailsPurityAndBorderAndAsksTheBackgroundStage() throws IOException {
        int s = side(0.87);
        BufferedImage[] r = render((SIDE - s) / 2, (SIDE - s) / 2, s, s, new Color(200, 40, 40), new Color(40, 40, 160));
        Graphics2D g = r[0].createGraphics();
        g.setColor(new Color(250, 250, 248));
        g.fillRect(0, SIDE - 12, SIDE, 12);
        g.dispose();
        QualityReport report = checker.check(preset, png(r[0]), r[1], reference(r[0], r[1]));
        assertThat(report.failures()).extracting(Finding::check).contains("purity", "border");
        assertThat(report.failures()).allSatisfy(f -> assertThat(f.repairStage()).isEqualTo(Stage.BACKGROUND));
    }

    @Test
    void smallProductFailsFillWithAFinalizeCorrection() throws IOException {
        int s = side(0.6);
        BufferedImage[] r = render((SIDE - s) / 2, (SIDE - s) / 2, s, s, new Color(200, 40, 40), new Color(40, 40, 160));
        QualityReport report = checker.check(preset, png(r[0]), r[1], reference(r[0], r[1]));
        Finding fill = report.failures().get(0);
        assertThat(fill.check()).isEqualTo("fill");
        assertThat(fill.repairStage()).isEqualTo(Stage.FINALIZE);
        // far off the rules: the preset's target
        assertThat(fill.hints()).containsEntry("fill", "0.870");
        assertThat(fill.message()).contains("0.60", "0.85");
    }

    @Test
    void aFillAPixelOverTheLimitIsRepairedToJustInsideItNotResetToTheTarget() throws IOException {
        // a seller's "bigger" whose enlarged edge came out 0.001 over amazon-main's 0.90 stays bigger
        int s = side(0.902);
        BufferedImage[] r = render((SIDE - s) / 2, (SIDE - s) / 2, s, s, new Color(200, 40, 40), new Color(40, 40, 160));
        Finding fill = checker.check(preset, png(r[0]), r[1], reference(r[0], r[1])).failures().stream()
                .filter(f -> f.check().equals("fill")).findFirst().orElseThrow();
        assertThat(fill.hints()).containsEntry("fill", "0.895");
    }

    @Test
    void offCentreProductFailsCentring() throws IOException {
        int s = side(0.86);
        BufferedImage[] r = render(SIDE - s - 1, SIDE - s - 1, s, s, new Color(200, 40, 40), new Color(40, 40, 160));
        QualityReport report = checker.check(preset, png(r[0]), r[1], reference(r[0], r[1]));
        assertThat(report.failures()).extracting(Finding::check).containsExactly("centring");
    }

    @Test
    void flatBlurryProductFailsSharpness() throws IOException {
        int s = side(0.87);
        BufferedImage[] r = render((SIDE - s) / 2, (SIDE - s) / 2, s, s, new Color(180, 180, 200), new Color(180, 180, 201));
        QualityReport report = checker.check(preset, png(r[0]), r[1], null);
        // A product of almost one flat colour has only its outline as detail.
        assertThat(report.findings()).filteredOn(f -> f.check().equals("sharpness")).singleElement()
                .satisfies(f -> assertThat(f.measured()).isLessThan(400));
    }

    @Test
    void recolouredProductFailsColourAndCannotBeRepairedAutomatically() throws IOException {
        int s = side(0.87);
        BufferedImage[] r = render((SIDE - s) / 2, (SIDE - s) / 2, s, s, new Color(200, 40, 40), new Color(40, 40, 160));
        BufferedImage[] other = render((SIDE - s) / 2, (SIDE - s) / 2, s, s, new Color(40, 160, 40), new Color(40, 40, 160));
        QualityReport report = checker.check(preset, png(r[0]), r[1], reference(other[0], other[1]));
        Finding colour = report.failures().get(0);
        assertThat(colour.check()).isEqualTo("colour");
        assertThat(colour.measured()).isGreaterThan(10);
        assertThat(colour.repairStage()).isNull();
    }

    @Test
    void wrongCanvasAndFormatAreReported() throws IOException {
        BufferedImage small = new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(small, "jpeg", jpeg);
        QualityReport report = checker.check(preset, jpeg.toByteArray(), new BufferedImage(300, 300, BufferedImage.TYPE_BYTE_GRAY), null);
        assertThat(report.failures()).extracting(Finding::check).containsExactly("format", "dimensions");
        assertThat(report.summary()).contains("300x300", "600x600");
    }

    @Test
    void theCutoutFindingsPassAnExactMaskAndFailOneThatKeptATableStrip() {
        // a dark-red box on a pale grey backdrop, its exact mask; then the same mask with the bottom 60 px of the
        // frame (a table edge running off the photo) kept as product
        int w = 400, h = 300;
        int[] photo = new int[w * h];
        float[] exact = new float[w * h], strip = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean box = x >= 140 && x < 260 && y >= 90 && y < 210;
                photo[y * w + x] = box ? 0xFF8A1C22 : 0xFFD8D6D2;
                exact[y * w + x] = box ? 1 : 0;
                strip[y * w + x] = box || y >= h - 60 ? 1 : 0;
            }
        }
        assertThat(QualityChecker.cutoutFindings(photo, w, exact)).allMatch(Finding::passed);
        assertThat(QualityChecker.cutoutFindings(photo, w, strip)).anyMatch(f -> !f.passed());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QualityChecker.cutoutFindings(photo, w, new float[10]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10 values");
    }
}
