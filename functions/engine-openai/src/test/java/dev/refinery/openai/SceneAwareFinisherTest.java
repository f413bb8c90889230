package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.refinery.color.Masks;
import dev.refinery.domain.ImageFormat;
import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.engine.ImageCodec;
import dev.refinery.engine.Rendition;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SceneAwareFinisherTest {
    private final PresetCatalog presets = PresetCatalog.bundled();

    @Test
    void solidPresetsGoToTheWrappedFinisher() {
        Rendition expected = new Rendition(new byte[] {1}, ImageFormat.JPEG, new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), Map.of());
        SceneAwareFinisher f = new SceneAwareFinisher((master, preset, hints) -> expected);
        assertThat(f.render(new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB), presets.get("amazon-main"), Map.of())).isSameAs(expected);
    }

    @Test
    void aSceneIsScaledToTheCanvasWithItsPictureAndTheProductMask() {
        // A 1200x900 scene (not the preset's aspect) whose product sits left of centre.
        TestPhotos.Photo p = TestPhotos.bottle(1200, 900);
        BufferedImage scene = ImageOps.withAlpha(p.image(), p.mask());
        Preset lifestyle = presets.get("lifestyle");
        Rendition r = new SceneAwareFinisher((m, pr, h) -> {
            throw new AssertionError("not a solid preset");
        }).render(scene, lifestyle, Map.of());

        BufferedImage out = ImageCodec.decode(r.bytes());
        assertThat(out.getWidth()).isEqualTo(2048);
        assertThat(out.getHeight()).isEqualTo(2048);
        assertThat(r.productMask().getWidth()).isEqualTo(2048);
        // The backdrop of the scene survives (it is not replaced by white), and the mask marks the product.
        int corner = out.getRGB(5, 5) & 0xFFFFFF;
        assertThat(corner).isNotEqualTo(0xFFFFFF);
        assertThat(Math.abs(((corner >> 16) & 0xFF) - TestPhotos.BACKDROP.getRed())).isLessThan(6);
        Rectangle box = Masks.boundingBox(Masks.fromGray(r.productMask()), 2048, 2048, 0.5);
        assertThat(box.getCenterX() / 2048).isCloseTo(0.5, within(0.02));
        assertThat(r.params()).containsEntry("finisher", "scene");
    }
}
