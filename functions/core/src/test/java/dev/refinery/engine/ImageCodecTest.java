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

    /**
     * ImageIO caches streams in temporary files unless told otherwise (deleted again on close, so
     * the test watches for their creation): decoding must stay in memory.
     */
    @org.junit.jupiter.api.Test
    void decodingWritesNoTemporaryFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path cache) throws Exception {
        java.io.File before = javax.imageio.ImageIO.getCacheDirectory();
        boolean useCache = javax.imageio.ImageIO.getUseCache();
        try (java.nio.file.WatchService watcher = cache.getFileSystem().newWatchService()) {
            cache.register(watcher, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
            javax.imageio.ImageIO.setUseCache(true);
            javax.imageio.ImageIO.setCacheDirectory(cache.toFile());
            BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
            java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "jpeg", new javax.imageio.stream.MemoryCacheImageOutputStream(jpeg));
            assertThat(ImageCodec.decode(ImageCodec.png(img)).getWidth()).isEqualTo(64);
            assertThat(ImageCodec.decode(jpeg.toByteArray()).getHeight()).isEqualTo(48);
            java.nio.file.WatchKey created = watcher.poll(300, java.util.concurrent.TimeUnit.MILLISECONDS);
            assertThat(created == null ? java.util.List.of() : created.pollEvents()).as("files created in the ImageIO cache directory").isEmpty();
        } finally {
            javax.imageio.ImageIO.setCacheDirectory(before);
            javax.imageio.ImageIO.setUseCache(useCache);
        }
    }
}
