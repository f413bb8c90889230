package dev.refinery.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.engine.ImageCodec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast paths must return exactly what {@code getRGB} returns, and every other layout must fall back to it. */
class ArgbPixelsTest {

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_ARGB_PRE,
            BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR,
            BufferedImage.TYPE_4BYTE_ABGR_PRE, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_565_RGB})
    void matchesGetRgbForEveryImageType(int type) {
        BufferedImage img = noise(41, 29, type, type);
        assertSameAsGetRgb(img);
    }

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR})
    void subImagesSharingTheParentsBufferAreReadAtTheirOffset(int type) {
        BufferedImage parent = noise(50, 40, type, 7);
        assertSameAsGetRgb(parent.getSubimage(3, 5, 31, 17));
        assertSameAsGetRgb(parent.getSubimage(0, 2, 50, 30));
    }

    @Test
    void decodedPngAndJpegAreReadExactly() throws IOException {
        BufferedImage rgba = noise(64, 48, BufferedImage.TYPE_INT_ARGB, 3);
        assertSameAsGetRgb(ImageCodec.decode(ImageCodec.png(rgba)));
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(noise(64, 48, BufferedImage.TYPE_INT_RGB, 4), "jpg", jpeg);
        BufferedImage decoded = ImageCodec.decode(jpeg.toByteArray());
        assertThat(decoded.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        assertSameAsGetRgb(decoded);
    }

    @Test
    void alphaIsNormalisedAndSizeIsChecked() {
        ArgbPixels px = new ArgbPixels(2, 1, new int[]{0xFF000000, 0x80FFFFFF});
        assertThat(px.alpha()).containsExactly(1f, 128 / 255f);
        assertThatThrownBy(() -> new ArgbPixels(2, 2, new int[3])).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertSameAsGetRgb(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        int[] expected = img.getRGB(0, 0, w, h, null, 0, w);
        ArgbPixels px = ArgbPixels.of(img);
        assertThat(px.width()).isEqualTo(w);
        assertThat(px.height()).isEqualTo(h);
        assertThat(px.argb()).containsExactly(expected);
    }

    private static BufferedImage noise(int w, int h, int type, long seed) {
        BufferedImage img = new BufferedImage(w, h, type);
        Random random = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, random.nextInt());
            }
        }
        return img;
    }
}
