package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import tools.jackson.databind.node.ObjectNode;
import dev.refinery.color.Masks;
import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Stage;
import dev.refinery.engine.CutoutReconciliation;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.imaging.classic.ClassicSegmenter;
import dev.refinery.quality.AiCutoutDisagreement;
import dev.refinery.quality.Finding;
import dev.refinery.testkit.Checkout;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The background stage's AI cut-out against the fake Images API playing a competent model (the product keyed out of
 * the request at its own size; on a photo-lab photo, the truth mask placed in the request frame), a careless one (a
 * strip of the table kept), one that answers opaque, and one that is refused.
 */
class AiCutoutTest {
    private MockApi mock;
    private TestPhotos.Photo photo;

    @BeforeEach
    void start() {
        mock = new MockApi();
        // a size gpt-image-2 takes as it is: the request frame neither pads nor scales
        photo = TestPhotos.bottle(1024, 768);
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    private EditRequest request(BufferedImage current, Map<String, String> hints) {
        return new EditRequest(current, current, List.of("amazon-main"), null, hints, List.of(), Map.of("category", "cosmetics"), "tenant-a");
    }

    /** A competent model: everything that is not the request's backdrop colour kept, the rest transparent; colours redrawn a little. */
    static BufferedImage keyedOut(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        int bg = TestPhotos.BACKDROP.getRGB() & 0xFFFFFF;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y) & 0xFFFFFF;
                // the model redraws: a slight tint the product lock must not let through
                int tinted = Math.min(255, ((p >> 16) & 0xFF) + 12) << 16 | (p & 0xFFFF);
                out.setRGB(x, y, p == bg ? 0 : 0xFF000000 | tinted);
            }
        }
        return out;
    }

    @Test
    void aPresetAskingForItGetsTheModelsCutOutReconciledUnderTheSellersPixels() throws IOException {
        mock.api.behave(AiCutoutTest::keyedOut);
        EditResult r = mock.engine.edit(Stage.BACKGROUND, request(photo.image(), Map.of("cutout", "ai")));

        assertThat(mock.api.received).hasSize(1);
        MultipartForm form = mock.api.received.get(0).form();
        assertThat(form.field("background")).isEqualTo("transparent");
        assertThat(form.field("output_format")).isEqualTo("png");
        assertThat(form.named("mask")).as("the whole photo is the model's to cut").isEmpty();
        assertThat(form.named("image[]")).hasSize(1);
        assertThat(form.field("prompt")).contains("fully transparent").contains("Do not move, resize");

        assertThat(r.passed()).isTrue();
        assertThat(r.params()).containsEntry("cutout", "ai+classic").containsEntry("background", "transparent").containsKey("cutout.kept");
        assertThat(r.metrics().get(CutoutReconciliation.DISAGREEMENT)).isEqualTo(0.0);
        assertThat(r.costUsd()).isPositive();
        BufferedImage out = r.image();
        assertThat(Masks.iou(Masks.alphaOf(out), photo.mask())).isEqualTo(1.0);
        int w = out.getWidth();
        for (int i = 0; i < photo.mask().length; i += 89) {
            if (photo.mask()[i] == 1f) {
                assertThat(out.getRGB(i % w, i / w) & 0xFFFFFF).as("the seller's pixel %d, not the model's tint", i)
                        .isEqualTo(photo.image().getRGB(i % w, i / w) & 0xFFFFFF);
            }
        }
        assertThat(AiCutoutDisagreement.judge(r.metrics())).singleElement().satisfies(f -> assertThat(f.passed()).isTrue());

        Optional<OpenApiContract> contract = OpenApiContract.load();
        if (contract.isPresent()) {
            ObjectNode json = contract.get().toJson("CreateImageEditRequest", form);
            assertThat(contract.get().validate("CreateImageEditRequest", json)).as("schema errors for %s", json).isEmpty();
        }
    }

    @Test
    void aPresetsCutoutSettingAsksForItAndTheHintCanTurnItOff() {
        Preset ai = withCutout(PresetCatalog.bundled().get("amazon-main"), Preset.Cutout.AI);
        Preset amazon = PresetCatalog.bundled().get("amazon-main");
        assertThat(AiCutout.wanted(List.of(ai), Map.of(), null)).isTrue();
        assertThat(AiCutout.wanted(List.of(ai), Map.of("cutout", "classic"), null)).isFalse();
        assertThat(AiCutout.wanted(List.of(amazon), Map.of(), null)).isFalse();
        // the deployment's REFINERY_OPENAI_CUTOUT overrides the presets, a run's hint overrides both
        assertThat(AiCutout.wanted(List.of(amazon), Map.of(), "ai")).isTrue();
        assertThat(AiCutout.wanted(List.of(ai), Map.of(), "classic")).isFalse();
        assertThat(AiCutout.wanted(List.of(amazon), Map.of("cutout", "ai"), "classic")).isTrue();
        assertThat(OpenAiConfig.from(Map.of("REFINERY_OPENAI_CUTOUT", "ai"), new java.util.Properties()).cutout()).isEqualTo("ai");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenAiConfig.from(Map.of("REFINERY_OPENAI_CUTOUT", "magic"), new java.util.Properties()))
                .hasMessageContaining("REFINERY_OPENAI_CUTOUT");
        assertThat(PresetCatalog.bundled().get("lifestyle").cutout()).isEqualTo(Preset.Cutout.AI);
    }

    @Test
    void aCarelessCutOutKeepingATableStripIsADisagreementTheCheckNamesWithItsRegion() {
        // 1024 x 768 photo; the strip 140 x 40 px right of the bottle's foot (the bottle spans x 307..716, y 230..652)
        mock.api.behave(img -> {
            BufferedImage out = keyedOut(img);
            for (int y = 600; y < 640; y++) {
                for (int x = 720; x < 860; x++) {
                    out.setRGB(x, y, 0xFF000000 | (img.getRGB(x, y) & 0xFFFFFF));
                }
            }
            return out;
        });
        EditResult r = mock.engine.edit(Stage.BACKGROUND, request(photo.image(), Map.of("cutout", "ai")));
        double share = r.metrics().get(CutoutReconciliation.DISAGREEMENT);
        assertThat(share).isGreaterThan(CutoutReconciliation.MAX_DISAGREEMENT);
        List<Finding> findings = AiCutoutDisagreement.judge(r.metrics());
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.passed()).isFalse();
            assertThat(f.repairStage()).as("no paid retry of the same guess").isNull();
            assertThat(f.message()).contains("disagree").contains("review the cut-out");
            assertThat(f.regions()).singleElement().satisfies(region -> {
                assertThat(region.x()).isBetween(700 / 1024.0, 725 / 1024.0);
                assertThat(region.y()).isBetween(595 / 768.0, 605 / 768.0);
                assertThat(region.width()).isBetween(130 / 1024.0, 145 / 1024.0);
            });
        });
    }

    @Test
    void anOpaqueAnswerFallsBackToTheClassicCutOutAndSaysSo() {
        mock.api.behave(FakeImagesApi::identity);
        EditResult r = mock.engine.edit(Stage.BACKGROUND, request(photo.image(), Map.of("cutout", "ai")));
        assertThat(r.passed()).isTrue();
        assertThat(r.params()).containsEntry("cutout", "classic (the AI cut-out fell back)");
        assertThat(r.params().get("cutout.fallback")).contains("opaque");
        assertThat(r.metrics()).doesNotContainKey(CutoutReconciliation.DISAGREEMENT);
        assertThat(r.costUsd()).as("an answered request is billed").isPositive();
        assertThat(Masks.iou(Masks.alphaOf(r.image()), photo.mask())).isEqualTo(1.0);
    }

    @Test
    void aRefusalFallsBackToTheClassicCutOutWithoutCost() {
        mock.api.script(FakeImagesApi.error(400, "moderation_blocked", "invalid_request_error", "Your request was rejected by the safety system."));
        EditResult r = mock.engine.edit(Stage.BACKGROUND, request(photo.image(), Map.of("cutout", "ai")));
        assertThat(r.passed()).isTrue();
        assertThat(r.params().get("cutout.fallback")).contains("refused").contains("safety system");
        assertThat(r.costUsd()).isZero();
        assertThat(mock.ledger.spent("tenant-a")).isZero();
        assertThat(Masks.iou(Masks.alphaOf(r.image()), photo.mask())).isEqualTo(1.0);
    }

    @Test
    void aServerFailureIsNotAFallbackButTheStagesRetry() {
        mock.api.script(FakeImagesApi.error(500, null, "server_error", "boom"), FakeImagesApi.error(500, null, "server_error", "boom"),
                FakeImagesApi.error(500, null, "server_error", "boom"), FakeImagesApi.error(500, null, "server_error", "boom"));
        assertThatThrownBy(() -> mock.engine.edit(Stage.BACKGROUND, request(photo.image(), Map.of("cutout", "ai"))))
                .isInstanceOf(dev.refinery.domain.RefineryException.class).hasMessageContaining("AI cut-out");
    }

    /**
     * A photo-lab photo cut by the classic segmenter, and a competent model that returns the truth mask placed in the
     * request frame (scaled and padded as the engine sent the photo): the reconciled cut-out is at least as close to
     * the truth as the classic one, and they agree.
     */
    @Test
    void onAPhotoLabPhotoACompetentAnswerMakesTheCutOutNoWorse() throws IOException {
        Path dir = Checkout.path("functions/photolab/corpus/pl-055");
        assumeTrue(Files.isRegularFile(dir.resolve("photo.jpg")), "skipped: the photo lab's corpus is not at " + dir);
        BufferedImage photoLab = rgb(ImageIO.read(dir.resolve("photo.jpg").toFile()));
        BufferedImage truthImg = ImageIO.read(dir.resolve("mask.png").toFile());
        float[] truth = Masks.fromGray(truthImg);
        int w = photoLab.getWidth(), h = photoLab.getHeight();
        try (MockApi classic = new MockApi(new ClassicSegmenter())) {
            classic.api.behave(img -> FakeImagesApi.cutOutBy(truth, w, h, img));
            EditResult r = classic.engine.edit(Stage.BACKGROUND, request(photoLab, Map.of("cutout", "ai")));
            float[] kept = Masks.alphaOf(r.image());
            float[] classicOnly = new ClassicSegmenter().cutOut(photoLab, Map.of()).alpha();
            double keptIou = Masks.iou(kept, truth), classicIou = Masks.iou(classicOnly, truth);
            assertThat(r.metrics().get(CutoutReconciliation.DISAGREEMENT)).isLessThanOrEqualTo(CutoutReconciliation.MAX_DISAGREEMENT);
            assertThat(keptIou).as("kept %.4f vs classic %.4f", keptIou, classicIou).isGreaterThanOrEqualTo(classicIou).isGreaterThan(0.98);
        }
    }

    private static BufferedImage rgb(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(img, 0, 0, null);
        return out;
    }

    private static Preset withCutout(Preset p, Preset.Cutout cutout) {
        return new Preset(p.id(), p.name(), p.width(), p.height(), p.format(), p.quality(), p.maxBytes(), p.minLongSide(), p.background(),
                p.fill(), p.centreTolerance(), p.minSharpness(), p.maxDeltaE(), p.shadow(), p.requiresAi(), p.engines(), p.rules(), cutout, null, null);
    }
}
