package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.refinery.color.Masks;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mockup scenes from templates (issue 16, item 5) against the fake Images API painting a scene outside the mask. */
class MockupSceneTest {
    private MockApi mock;
    private TestPhotos.Photo photo;

    @BeforeEach
    void start() {
        mock = new MockApi();
        photo = TestPhotos.bottle(640, 480);
        mock.api.behave(FakeImagesApi::sceneOutsideMask);
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    private EditResult scene(String presetId, BufferedImage photoImage) {
        BufferedImage master = ImageOps.withAlpha(photoImage, photo.mask());
        return mock.engine.edit(Stage.FINALIZE, new EditRequest(master, photoImage, List.of(presetId), null,
                Map.of("scene", presetId), List.of(), Map.of("category", "cosmetics"), "tenant-a"));
    }

    @Test
    void everyMockupPresetNamesATemplateThatExists() {
        Map<String, MockupTemplate> library = MockupTemplate.bundled();
        assertThat(library).containsKeys("kitchen-counter", "bathroom-marble", "desk", "cafe-table", "gift-flat-lay", "seasonal-winter",
                "on-model-held");
        List<Preset> mockups = PresetCatalog.bundled().all().stream().filter(p -> p.mockup() != null).toList();
        assertThat(mockups).hasSize(library.size());
        assertThat(mockups).allSatisfy(p -> {
            assertThat(library).containsKey(p.mockup());
            assertThat(p.background().kind()).isEqualTo(Preset.Backdrop.Kind.SCENE);
            assertThat(p.cutout()).isEqualTo(Preset.Cutout.AI);
        });
    }

    @Test
    void theProductStandsWhereTheTemplateSaysLitAsInThePhotoWithAContactShadow() {
        EditResult r = scene("mockup-kitchen-counter", photo.image());
        assertThat(r.passed()).as("%s", r.problems()).isTrue();
        String prompt = mock.api.received.get(0).form().field("prompt");
        MockupTemplate t = MockupTemplate.bundled().get("kitchen-counter");
        assertThat(prompt).contains(t.prompt()).contains("Camera: " + t.camera()).contains("Light: from the front");
        assertThat(r.params()).containsEntry("mockup", "kitchen-counter@1").containsEntry("mockup.light", "front")
                .containsEntry("scene", "mockup-kitchen-counter").containsEntry("product_lock", "true");

        BufferedImage out = r.image();
        int w = out.getWidth(), h = out.getHeight();
        float[] alpha = Masks.alphaOf(out);
        Rectangle box = Masks.boundingBox(alpha, w, h, 0.5);
        assertThat(box.getCenterX() / w).isCloseTo(t.centreX(), within(0.01));
        assertThat(box.getCenterY() / h).isCloseTo(t.centreY(), within(0.01));
        assertThat(Math.max(box.width, box.height) / (double) Math.max(w, h)).isCloseTo(t.fill(), within(0.01));
        // under the foot the painted scene is darker than the same row beside the product (the fake paints rows evenly)
        int foot = box.y + box.height + 6, beside = Math.min(w - 8, box.x + box.width + box.width / 2);
        double under = patch(out, (int) box.getCenterX(), foot), away = patch(out, beside, foot);
        assertThat(under).as("brightness under the foot %.1f vs beside %.1f", under, away).isLessThan(away * 0.8);
    }

    /** Mean of r + g + b over the 9 x 9 pixels around (x, y): the scene is a JPEG. */
    private static double patch(BufferedImage img, int x, int y) {
        double sum = 0;
        for (int dy = -4; dy <= 4; dy++) {
            for (int dx = -4; dx <= 4; dx++) {
                int p = img.getRGB(x + dx, y + dy);
                sum += ((p >> 16) & 0xFF) + ((p >> 8) & 0xFF) + (p & 0xFF);
            }
        }
        return sum / 81;
    }

    @Test
    void aPhotoLitFromTheLeftAsksForLightFromTheLeft() {
        BufferedImage lit = FakeImagesApi.copy(photo.image());
        int w = lit.getWidth();
        for (int y = 0; y < lit.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                double k = 1.3 - 0.6 * x / (double) w; // brighter on the left
                int p = lit.getRGB(x, y);
                int r = (int) Math.min(255, ((p >> 16) & 0xFF) * k), g = (int) Math.min(255, ((p >> 8) & 0xFF) * k), b = (int) Math.min(255, (p & 0xFF) * k);
                lit.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        assertThat(MockupLight.from(lit, photo.mask())).isEqualTo("left");
        assertThat(MockupLight.from(photo.image(), photo.mask())).isEqualTo("front");
        EditResult r = scene("mockup-desk", lit);
        assertThat(mock.api.received.get(0).form().field("prompt")).contains("Light: from the left").contains("shadows fall to the right");
        assertThat(r.params()).containsEntry("mockup.light", "left");
    }

    @Test
    void aModelHoldsTheProductAsTheSellerChoseThemAndTheProductStaysLocked() {
        BufferedImage master = ImageOps.withAlpha(photo.image(), photo.mask());
        Map<String, String> facts = Map.of("category", "cosmetics", "model.gender", "feminine-presenting", "model.age", "30-40",
                "model.skinTone", "deep brown", "model.pose", "smiling, three-quarter view", "model.setting", "a sunlit café");
        EditResult r = mock.engine.edit(Stage.FINALIZE, new EditRequest(master, photo.image(), List.of("on-model-held"), null,
                Map.of("scene", "on-model-held"), List.of(), facts, "tenant-a"));
        assertThat(r.passed()).as("%s", r.problems()).isTrue();
        String prompt = mock.api.received.get(0).form().field("prompt");
        assertThat(prompt).contains("a person holding the product in one hand")
                .contains("Model: a feminine-presenting person, aged 30-40, deep brown skin; pose: smiling, three-quarter view; setting: a sunlit café.")
                .doesNotContain("model.gender:");
        assertThat(r.params()).containsEntry("mockup", "on-model-held@1").containsEntry("provenance", "compositeWithTrainedAlgorithmicMedia")
                .containsEntry("model.choices", "feminine-presenting | 30-40 | deep brown | smiling, three-quarter view | a sunlit café");
        BufferedImage out = r.image();
        int w = out.getWidth(), h = out.getHeight();
        Rectangle box = Masks.boundingBox(Masks.alphaOf(out), w, h, 0.5);
        assertThat(box.getCenterX() / w).isCloseTo(0.6, within(0.01));
        // nothing painted under a held product: no contact shadow
        assertThat(r.params()).containsEntry("mockup.shadow", "none");
    }

    @Test
    void withoutChoicesTheModelIsDescribedPlainly() {
        assertThat(ModelChoices.from(Map.of()).describe()).isEqualTo("an adult person, aged 25-40; pose: relaxed, facing the camera");
    }

    @Test
    void anUnknownTemplateIsAClearError() {
        assertThatThrownBy(() -> MockupTemplate.of(MockupTemplate.bundled(), "mockup-beach", "beach"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'beach'");
        assertThatThrownBy(() -> new MockupTemplate("x", "x", "1", "p", 1.2, 0.5, 0.5, "c", "match", "contact", false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
