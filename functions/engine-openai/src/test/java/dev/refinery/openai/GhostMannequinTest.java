package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.refinery.color.Masks;
import dev.refinery.domain.Stage;
import dev.refinery.engine.CutoutReconciliation;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.imaging.classic.ClassicSegmenter;
import dev.refinery.testkit.Checkout;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ghost mannequin (issue 16, item 3) on a photo-lab garment on a mannequin (pl-053), the fake Images API playing
 * a competent model: the garment's truth mask as its cut-out's alpha, and a plain dark fill where the mask lets it paint.
 * There is no truth for the fill: these tests hold the plumbing — what is asked, where, and what is kept.
 */
class GhostMannequinTest {
    static final Color FILL = new Color(40, 40, 70);
    private BufferedImage photo;
    private float[] truth;
    private int w, h;

    @BeforeEach
    void load() throws IOException {
        // the drawn T-shirt test sets its own photo; the others need the photo lab
        Path dir = Checkout.path("functions/photolab/corpus/pl-053");
        assumeTrue(Files.isRegularFile(dir.resolve("photo.jpg")), "skipped: the photo lab's corpus is not at " + dir);
        photo = FakeImagesApi.copy(ImageIO.read(dir.resolve("photo.jpg").toFile()));
        truth = Masks.fromGray(ImageIO.read(dir.resolve("mask.png").toFile()));
        w = photo.getWidth();
        h = photo.getHeight();
    }

    /** Cut-out requests get the truth as alpha; masked requests get {@link #FILL} where the mask is transparent. */
    private BufferedImage competent(BufferedImage img, MultipartForm form) {
        return competent(truth, w, h, img, form);
    }

    static BufferedImage competent(float[] truth, int w, int h, BufferedImage img, MultipartForm form) {
        if ("transparent".equals(form.field("background"))) {
            return FakeImagesApi.cutOutBy(truth, w, h, img);
        }
        try {
            BufferedImage m = ImageIO.read(new ByteArrayInputStream(form.named("mask").get(0).bytes()));
            BufferedImage out = FakeImagesApi.copy(img);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    if ((m.getRGB(x, y) >>> 24) < 128) {
                        out.setRGB(x, y, FILL.getRGB());
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EditResult run(MockApi mock) {
        return mock.engine.edit(Stage.BACKGROUND, new EditRequest(photo, photo, List.of("apparel-ghost"), null, Map.of(), List.of(),
                Map.of("category", "apparel"), "tenant-a"));
    }

    @Test
    void onAPhotoLabMannequinTheNeckAndStandGoAndTheGarmentStaysTheSellers() {
        try (MockApi mock = new MockApi(new ClassicSegmenter())) {
            mock.api.behave(this::competent);
            EditResult r = run(mock);
            assertThat(r.passed()).as("%s", r.problems()).isTrue();
            MultipartForm cut = mock.api.received.get(0).form();
            assertThat(cut.field("background")).isEqualTo("transparent");
            assertThat(cut.named("mask")).isEmpty();
            assertThat(cut.field("prompt")).contains("the mannequin it is shown on").contains("not product");

            BufferedImage out = r.image();
            float[] alpha = Masks.alphaOf(out);
            assertThat(Masks.iou(alpha, truth)).isGreaterThan(0.97);
            Rectangle garment = Masks.boundingBox(truth, w, h, 0.5);
            int cx = (int) garment.getCenterX();
            assertThat(alpha[(garment.y - 40) * w + cx]).as("the neck above the collar").isLessThan(0.5f);
            assertThat(alpha[Math.min(h - 5, garment.y + garment.height + 40) * w + cx]).as("the stand under the garment").isLessThan(0.5f);
            for (int i = 0; i < alpha.length; i += 7) {
                if (truth[i] >= 0.99f && alpha[i] >= 0.99f) {
                    assertThat(out.getRGB(i % w, i / w) & 0xFFFFFF).isEqualTo(photo.getRGB(i % w, i / w) & 0xFFFFFF);
                }
            }
            assertThat(r.params()).containsEntry("studio", "ghost-mannequin");
            assertThat(r.metrics().get("ghost.mannequinShare")).as("what the classic cut-out kept of the neck and the stand").isGreaterThan(0.0);
            assertThat(r.metrics().get(CutoutReconciliation.DISAGREEMENT)).isLessThanOrEqualTo(CutoutReconciliation.MAX_DISAGREEMENT);
            assertThat(r.summary()).startsWith("ghost mannequin: the mannequin removed");
        }
    }

    /**
     * A T-shirt with a U neck on a mannequin whose chest shows through it, drawn: the opening is filled by the model
     * (only there), the neck column above it and the stand below go.
     */
    @Test
    void aNeckOpeningIsFilledByAMaskedEditAndNothingElse() {
        TestPhotos.Photo shirt = tShirtOnMannequin();
        photo = shirt.image();
        truth = shirt.mask();
        w = photo.getWidth();
        h = photo.getHeight();
        try (MockApi mock = new MockApi()) {
            mock.api.behave(this::competent);
            EditResult r = run(mock);
            assertThat(r.passed()).as("%s", r.problems()).isTrue();
            assertThat(mock.api.received).hasSize(2);
            MultipartForm fill = mock.api.received.get(1).form();
            assertThat(fill.named("mask")).hasSize(1);
            assertThat(fill.field("prompt")).contains("inside of the garment").contains("Do not add a label");

            BufferedImage out = r.image();
            float[] alpha = Masks.alphaOf(out);
            int filled = 0, opening = 0;
            for (int i = 0; i < alpha.length; i++) {
                if (alpha[i] >= 0.5f && truth[i] < 0.5f) {
                    opening++;
                    if ((out.getRGB(i % w, i / w) & 0xFFFFFF) == (FILL.getRGB() & 0xFFFFFF)) {
                        filled++;
                    }
                    assertThat(i / w).as("the fill stays inside the collar").isBetween(220, 280);
                }
                if (truth[i] >= 0.5f) {
                    assertThat(out.getRGB(i % w, i / w) & 0xFFFFFF).isEqualTo(photo.getRGB(i % w, i / w) & 0xFFFFFF);
                }
            }
            assertThat(opening).as("the U neck's area below the collar line").isGreaterThan(3000);
            assertThat(filled).isEqualTo(opening);
            assertThat(alpha[100 * w + 400]).as("the neck above the collar").isLessThan(0.5f);
            assertThat(alpha[900 * w + 400]).as("the stand").isLessThan(0.5f);
            assertThat(r.params()).containsEntry("provenance", "compositeWithTrainedAlgorithmicMedia");
            assertThat(r.metrics().get("ghost.fillShare")).isGreaterThan(0.0);
        }
    }

    /** An 800 x 1000 navy T-shirt with a U neck on a grey mannequin (neck, chest, stand) before a pale wall; the mask is the shirt's. */
    static TestPhotos.Photo tShirtOnMannequin() {
        int w = 800, h = 1000;
        BufferedImage photo = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = photo.createGraphics();
        g.setColor(new Color(226, 222, 216));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(70, 70, 76)); // the mannequin: neck, chest, stand
        g.fillRect(360, 60, 80, 200);
        g.fillRect(300, 200, 200, 120);
        g.fillRect(392, 780, 16, 220);
        java.awt.geom.Area shirt = new java.awt.geom.Area(new java.awt.Rectangle(250, 220, 300, 580));
        shirt.add(new java.awt.geom.Area(new java.awt.Polygon(new int[] {250, 150, 190, 250}, new int[] {220, 380, 420, 330}, 4)));
        shirt.add(new java.awt.geom.Area(new java.awt.Polygon(new int[] {550, 650, 610, 550}, new int[] {220, 380, 420, 330}, 4)));
        shirt.subtract(new java.awt.geom.Area(new java.awt.geom.Ellipse2D.Double(330, 160, 140, 120))); // the U neck
        g.setColor(new Color(40, 60, 140));
        g.fill(shirt);
        g.dispose();
        float[] mask = new float[w * h];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = shirt.contains(i % w + 0.5, i / w + 0.5) ? 1f : 0f;
        }
        return new TestPhotos.Photo(photo, mask);
    }

    @Test
    void withoutTheModelsCutOutThereIsNoGhostImageAndTheStepSaysWhy() {
        try (MockApi mock = new MockApi(new ClassicSegmenter())) {
            mock.api.behave(FakeImagesApi::identity);
            EditResult r = run(mock);
            assertThat(r.passed()).isFalse();
            assertThat(r.problems()).singleElement().asString().contains("ghost mannequin needs the image model's cut-out").contains("opaque");
            assertThat(mock.api.received).as("no fill asked for").hasSize(1);
        }
    }

    @Test
    void theEstimateCountsTheGhostsTwoCalls() {
        try (MockApi mock = new MockApi()) {
            var plain = mock.engine.estimate(dev.refinery.engine.EstimateRequest.firstPass("t", List.of("amazon-main"), false, 1600, 1200, 0));
            var ghost = mock.engine.estimate(dev.refinery.engine.EstimateRequest.firstPass("t", List.of("apparel-ghost"), false, 1600, 1200, 0));
            assertThat(ghost.modelCalls()).isEqualTo(plain.modelCalls() + 1);
            assertThat(ghost.parts().get("background").lowUsd()).isCloseTo(2 * plain.parts().get("background").lowUsd(),
                    org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void aRefusedCutOutCostsNothingAndFailsTheStep() {
        try (MockApi mock = new MockApi(new ClassicSegmenter())) {
            mock.api.script(FakeImagesApi.error(400, "moderation_blocked", "invalid_request_error", "Your request was rejected by the safety system."));
            EditResult r = run(mock);
            assertThat(r.passed()).isFalse();
            assertThat(r.problems()).singleElement().asString().contains("refused");
            assertThat(r.costUsd()).isZero();
        }
    }
}
