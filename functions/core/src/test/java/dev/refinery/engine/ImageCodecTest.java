package dev.refinery.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageCodecTest {

    /** Every pixel survives the round trip through our encoder and the JDK's PNG decoder. */
    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_3BYTE_BGR})
    void pngRoundTripsEveryPixel(int type) {
        BufferedImage img = new BufferedImage(37, 23, type);
        Random random = new Random(type);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, random.nextInt());
            }
        }
        BufferedImage back = ImageCodec.decode(ImageCodec.png(img));
        assertThat(back.getColorModel().hasAlpha()).isEqualTo(img.getColorModel().hasAlpha());
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int expected = img.getRGB(x, y), actual = back.getRGB(x, y);
                if (type == BufferedImage.TYPE_BYTE_GRAY) {
                    assertThat(actual & 0xFF).as("(%d,%d)", x, y).isEqualTo(expected & 0xFF);
                } else {
                    assertThat(actual).as("(%d,%d)", x, y).isEqualTo(expected);
                }
            }
        }
    }
}
