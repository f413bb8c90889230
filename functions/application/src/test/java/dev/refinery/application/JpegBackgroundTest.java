package dev.refinery.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.engine.ImageCodec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegBackgroundTest {
    private static int roundTrip(int rgb, ImageCodec.Chroma chroma) throws Exception {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return ImageIO.read(new ByteArrayInputStream(ImageCodec.jpeg(img, 92, chroma))).getRGB(30, 30) & 0xFFFFFF;
    }

    @Test
    void aColourAJpegShiftsBecomesTheNearestOneItKeepsExactly() throws Exception {
        // measured: #f4efe6 comes back #f3efe6 and #336699 as #336799 from the JDK's writer at quality 92
        assertThat(roundTrip(0xF4EFE6, ImageCodec.Chroma.FULL)).isNotEqualTo(0xF4EFE6);
        for (int asked : new int[] {0xF4EFE6, 0x336699, 0xE8E4DC}) {
            int kept = JpegBackground.keptExactly(asked, 92);
            assertThat(roundTrip(kept, ImageCodec.Chroma.FULL)).isEqualTo(kept);
            assertThat(roundTrip(kept, ImageCodec.Chroma.SUBSAMPLED)).isEqualTo(kept);
            for (int sh = 0; sh <= 16; sh += 8) {
                assertThat(Math.abs(((kept >> sh) & 0xFF) - ((asked >> sh) & 0xFF))).as("within two levels").isLessThanOrEqualTo(2);
            }
        }
        // a colour it keeps stays as it is
        assertThat(JpegBackground.keptExactly(0xFFFFFF, 92)).isEqualTo(0xFFFFFF);
        assertThat(JpegBackground.keptExactly(0x102030, 92)).isEqualTo(0x102030);
    }
}
