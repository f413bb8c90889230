package dev.refinery.imaging.classic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.color.Masks;
import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.ProductSegmenter;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SyntheticPhotos;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackgroundStageTest {
    private final ClassicEngine engine = new ClassicEngine();
    private final List<SamplePhoto> set = new SyntheticPhotos().standardSet(5);

    private SamplePhoto sample(String prefix) {
        return set.stream().filter(p -> p.name().startsWith(prefix)).findFirst().orElseThrow();
    }

    private EditResult background(BufferedImage img, Map<String, String> hints) {
        return engine.edit(Stage.BACKGROUND, new EditRequest(img, img, List.of("amazon-main"), null, hints, List.of(), Map.of(), "t"));
    }

    /**
     * A hole shows the backdrop: it stays backdrop in the cut-out, or, where the salient-object model painted the
     * product as one blob with its hole (the synthetic rings, drawn flat, unlike any photo it learned from), the
     * quality check names the filled hole and the session goes to review. Never a filled hole that passes.
     */
    @Test
    void holesSuchAsAMugHandleStayBackgroundOrTheCheckNamesThem() {
        for (String name : List.of("mug-handle", "ring-portrait", "ring-rose")) {
            SamplePhoto p = sample(name);
            float[] alpha = Masks.alphaOf(background(p.photo(), Map.of()).image());
            boolean[] hole = enclosedBackground(p.truthAlpha(), p.width(), p.height());
            int holes = 0, kept = 0;
            for (int i = 0; i < hole.length; i++) {
                if (hole[i]) {
                    holes++;
                    if (alpha[i] < 0.5f) {
                        kept++;
                    }
                }
            }
            assertThat(holes).as(name + " has a hole").isGreaterThan(1000);
            double open = kept / (double) holes;
            if (name.startsWith("mug")) {
                assertThat(open).as(name + ": share of the hole left transparent").isGreaterThan(0.95);
            }
            if (open <= 0.95) {
                int[] px = p.photo().getRGB(0, 0, p.width(), p.height(), null, 0, p.width());
                assertThat(dev.refinery.quality.QualityChecker.cutoutFindings(px, p.width(), alpha))
                        .as(name + ": the hole is %.0f%% open, so the check must name it", open * 100)
                        .anySatisfy(f -> {
                            assertThat(f.check()).isEqualTo("cutout-filled-hole");
                            assertThat(f.passed()).isFalse();
                        });
            }
        }
    }

    @Test
    void cutOutIsArgbWithSoftEdgesAndNoOldBackdropColourAtTheEdge() {
        SamplePhoto p = sample("bottle-warm");
        EditResult r = background(p.photo(), Map.of());
        assertThat(r.passed()).isTrue();
        assertThat(r.image().getColorModel().hasAlpha()).isTrue();
        assertThat(Masks.iou(Masks.alphaOf(r.image()), p.truthAlpha())).isGreaterThan(0.97);
        int[] px = Pixels.argb(r.image());
        long soft = 0;
        for (int v : px) {
            int a = v >>> 24;
            if (a > 0 && a < 255) {
                soft++;
            }
        }
        assertThat(soft).as("partially transparent edge pixels").isPositive();
        assertThat(r.metrics()).containsKeys("foregroundShare", "borderTouch");
        assertThat(r.summary()).contains("cut out");
    }

    @Test
    void strictTakesLessThanLoose() {
        SamplePhoto p = sample("shoe-dark");
        double strict = background(p.photo(), Map.of("segmentation", "strict")).metrics().get("foregroundShare");
        double normal = background(p.photo(), Map.of()).metrics().get("foregroundShare");
        double loose = background(p.photo(), Map.of("segmentation", "loose")).metrics().get("foregroundShare");
        assertThat(strict).isLessThanOrEqualTo(normal);
        assertThat(normal).isLessThanOrEqualTo(loose);
    }

    @Test
    void anExistingCutOutKeepsItsAlpha() {
        SamplePhoto p = sample("box-cool");
        BufferedImage cut = p.truthCutout();
        EditResult r = background(cut, Map.of());
        assertThat(r.params()).containsEntry("method", "existing-alpha");
        assertThat(Pixels.alpha(Pixels.argb(r.image()))).isEqualTo(Pixels.alpha(Pixels.argb(cut)));
        assertThat(r.passed()).isTrue();
    }

    @Test
    void failsItsChecksWhenNoPlausibleProductIsFound() {
        BufferedImage blank = noisy(new Color(200, 200, 205), 640, 480, 3);
        EditResult r = background(blank, Map.of());
        assertThat(r.passed()).isFalse();
        assertThat(String.join(" ", r.problems())).containsAnyOf("no plausible product", "backdrop");

        // a cut-out whose product runs along three of the photo's edges: no backdrop was told apart
        int w = 640, h = 480;
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i % w < 500 ? 0xFF000000 : 0) | 0xC82828;
        }
        EditResult r2 = background(Pixels.toImage(px, w, h, true), Map.of());
        assertThat(r2.passed()).isFalse();
        assertThat(String.join(" ", r2.problems())).contains("border");
    }

    @Test
    void tinyPhotosStillGoThroughEveryStage() {
        BufferedImage tiny = noisy(new Color(230, 230, 230), 48, 36, 4);
        Graphics2D g = tiny.createGraphics();
        g.setColor(new Color(30, 60, 170));
        g.fillRect(16, 10, 16, 18);
        g.dispose();
        EditResult lit = engine.edit(Stage.LIGHTING, new EditRequest(tiny, tiny, List.of(), null, Map.of(), List.of(), Map.of(), "t"));
        EditResult cut = background(lit.image(), Map.of());
        EditResult detail = engine.edit(Stage.DETAIL, new EditRequest(cut.image(), tiny, List.of(), null, Map.of(), List.of(), Map.of(), "t"));
        assertThat(detail.image().getWidth()).isEqualTo(48);
        assertThat(cut.metrics().get("foregroundShare")).isBetween(0.1, 0.3);
    }

    @Test
    void theSegmenterServesOtherEnginesThroughThePort() {
        ProductSegmenter segmenter = new ClassicSegmenter();
        SamplePhoto p = sample("mug-red");
        float[] alpha = segmenter.segment(p.photo(), Map.of());
        assertThat(alpha).hasSize(p.width() * p.height());
        for (float a : alpha) {
            assertThat(a).isBetween(0f, 1f);
        }
        assertThat(Masks.iou(alpha, p.truthAlpha())).isGreaterThan(0.95);
    }

    private static BufferedImage noisy(Color c, int w, int h, long seed) {
        Random rnd = new Random(seed);
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            int r = Pixels.clamp8(c.getRed() + rnd.nextGaussian() * 3), g = Pixels.clamp8(c.getGreen() + rnd.nextGaussian() * 3),
                    b = Pixels.clamp8(c.getBlue() + rnd.nextGaussian() * 3);
            px[i] = (r << 16) | (g << 8) | b;
        }
        return Pixels.toImage(px, w, h, false);
    }

    /** Background pixels not connected to the photo's border: the product's holes. */
    static boolean[] enclosedBackground(float[] alpha, int w, int h) {
        boolean[] bg = new boolean[w * h];
        for (int i = 0; i < bg.length; i++) {
            bg[i] = alpha[i] < 0.01f;
        }
        boolean[] outside = new boolean[w * h];
        int[] queue = new int[w * h];
        int head = 0, tail = 0;
        for (int x = 0; x < w; x++) {
            for (int y : new int[] {0, h - 1}) {
                int i = y * w + x;
                if (bg[i] && !outside[i]) {
                    outside[i] = true;
                    queue[tail++] = i;
                }
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x : new int[] {0, w - 1}) {
                int i = y * w + x;
                if (bg[i] && !outside[i]) {
                    outside[i] = true;
                    queue[tail++] = i;
                }
            }
        }
        while (head < tail) {
            int i = queue[head++];
            int x = i % w, y = i / w;
            int[] nb = {x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1};
            for (int j : nb) {
                if (j >= 0 && bg[j] && !outside[j]) {
                    outside[j] = true;
                    queue[tail++] = j;
                }
            }
        }
        boolean[] hole = new boolean[w * h];
        for (int i = 0; i < hole.length; i++) {
            hole[i] = bg[i] && !outside[i];
        }
        return hole;
    }
}
