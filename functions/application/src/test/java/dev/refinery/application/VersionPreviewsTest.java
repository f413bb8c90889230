package dev.refinery.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.domain.Approval;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.NotFoundException;
import dev.refinery.domain.Stage;
import dev.refinery.domain.VersionSlot;
import dev.refinery.ports.memory.InMemoryImageStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class VersionPreviewsTest {
    private final InMemoryImageStore images = new InMemoryImageStore();
    private final VersionPreviews previews = new VersionPreviews(images);

    private ImageVersion stored(int n, BufferedImage img, String type, boolean expired) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, type.equals("image/png") ? "png" : "jpeg", out);
        String key = "sessions/acme/s1/v" + n + (type.equals("image/png") ? ".png" : ".jpg");
        images.put(key, out.toByteArray(), type, Map.of());
        return new ImageVersion("acme", "s1", n, n - 1, new VersionSlot(0, 0, Stage.BACKGROUND, null), "classic", key, type, null,
                Map.of(), Map.of(), 1, 0, Approval.PENDING, null, Instant.EPOCH, expired);
    }

    private static BufferedImage read(byte[] bytes) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    @Test
    void aCutOutsPreviewIsSmallKeepsItsTransparencyAndIsMadeOnce() throws Exception {
        BufferedImage cut = new BufferedImage(1600, 1200, BufferedImage.TYPE_INT_ARGB);
        for (int y = 300; y < 900; y++) {
            for (int x = 500; x < 1100; x++) {
                cut.setRGB(x, y, 0xFFC02020);
            }
        }
        ImageVersion v = stored(3, cut, "image/png", false);
        VersionPreviews.Preview p = previews.preview(v, 400);
        assertThat(p.made()).isTrue();
        assertThat(p.key()).isEqualTo("previews/acme/s1/3-400.png");
        assertThat(images.tags(p.key())).containsEntry("kind", "preview");
        BufferedImage small = read(images.get(p.key()));
        assertThat(small.getWidth()).isEqualTo(400);
        assertThat(small.getHeight()).isEqualTo(300);
        assertThat(small.getRGB(10, 10) >>> 24).as("backdrop stays transparent").isZero();
        assertThat(small.getRGB(200, 150)).as("the product keeps its colour").isEqualTo(0xFFC02020);
        assertThat(previews.preview(v, 400).made()).isFalse();
        assertThat(previews.preview(v, 200).made()).as("another size is another preview").isTrue();
    }

    @Test
    void aSmallVersionIsNotEnlargedAndAJpegStaysAJpeg() throws Exception {
        ImageVersion v = stored(5, new BufferedImage(300, 150, BufferedImage.TYPE_INT_RGB), "image/jpeg", false);
        VersionPreviews.Preview p = previews.preview(v, 800);
        assertThat(p.contentType()).isEqualTo("image/jpeg");
        BufferedImage img = read(images.get(p.key()));
        assertThat(img.getWidth()).isEqualTo(300);
        assertThat(img.getHeight()).isEqualTo(150);
    }

    @Test
    void anExpiredVersionHasNoPreviewAndSaysWhy() throws Exception {
        ImageVersion v = stored(2, new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB), "image/jpeg", true);
        assertThatThrownBy(() -> previews.preview(v, 400)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("intermediate versions expire");
    }

    @Test
    void sizesOutsideTheRangeAreRefusedWithTheRange() {
        assertThat(VersionPreviews.side(null)).isEqualTo(400);
        assertThat(VersionPreviews.side("64")).isEqualTo(64);
        assertThat(VersionPreviews.side("800")).isEqualTo(800);
        for (String bad : new String[] {"63", "801", "-5", "abc", "4e2", "99999999999"}) {
            assertThatThrownBy(() -> VersionPreviews.side(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }
}
