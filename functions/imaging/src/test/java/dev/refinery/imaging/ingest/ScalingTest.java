package dev.refinery.imaging.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.engine.ImageIngestor.Ingested;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

/** The working-size cap: large photos are area-averaged down, without aliasing or alpha fringes. */
class ScalingTest {

    @Test
    void largeImageIsCappedToTheWorkingSizeByAreaAveraging() {
        // A one-pixel checkerboard: any point-sampling scaler turns it into black, white or moiré;
        // area averaging turns it into an even mid grey.
        BufferedImage board = new BufferedImage(5000, 3000, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = board.getRaster();
        int[] row = new int[5000];
        for (int y = 0; y < 3000; y++) {
            for (int x = 0; x < 5000; x++) {
                row[x] = ((x + y) & 1) == 0 ? 0 : 255;
            }
            r.setSamples(0, y, 5000, 1, 0, row);
        }
        Ingested in = new SafeImageIngestor().ingest(TestImages.png(board), "board.png");
        assertThat(in.image().getWidth()).isEqualTo(2048);
        assertThat(in.image().getHeight()).isEqualTo(1229); // 3000 × 2048 / 5000 = 1228.8
        assertThat(in.params()).containsEntry("scaledTo", "2048x1229").containsEntry("originalWidth", "5000")
                .containsEntry("originalHeight", "3000").doesNotContainKey("decodeSubsampling");
        int[] px = ((DataBufferInt) in.image().getRaster().getDataBuffer()).getData();
        int min = 255;
        int max = 0;
        for (int p : px) {
            int v = p & 0xFF;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isGreaterThanOrEqualTo(118);
        assertThat(max).isLessThanOrEqualTo(137);
    }

    @Test
    void exactHalvingAveragesEachTwoByTwoBlock() {
        BufferedImage img = TestImages.fromFunction(400, 300, BufferedImage.TYPE_INT_RGB,
                (x, y) -> ((x & 1) == 0 ? 0x000000 : 0x640000) | ((y & 1) == 0 ? 0x00C800 : 0) | 0x32);
        SafeImageIngestor ingestor = new SafeImageIngestor(IngestLimits.defaults().withWorkingLongSide(200));
        BufferedImage out = ingestor.ingest(TestImages.png(img), "half.png").image();
        assertThat(out.getWidth()).isEqualTo(200);
        assertThat(out.getHeight()).isEqualTo(150);
        for (int y = 0; y < 150; y += 7) {
            for (int x = 0; x < 200; x += 11) {
                assertThat(DecodeTest.rgb(out, x, y)).containsExactly(50, 100, 50);
            }
        }
    }

    @Test
    void transparentPixelsDoNotBleedTheirColourIntoTheEdge() {
        // Opaque red product on a fully transparent background whose hidden colour is green.
        BufferedImage cutout = TestImages.fromFunction(4000, 1000, BufferedImage.TYPE_INT_ARGB,
                (x, y) -> x < 2001 ? 0xFFFF0000 : 0x0000FF00);
        Ingested in = new SafeImageIngestor().ingest(TestImages.png(cutout), "cutout.png");
        BufferedImage img = in.image();
        assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_ARGB);
        assertThat(img.getWidth()).isEqualTo(2048);
        int partial = 0;
        for (int x = 1020; x < 1030; x++) {
            int p = img.getRGB(x, 256);
            int alpha = p >>> 24;
            if (alpha > 0) {
                assertThat(p >> 8 & 0xFF).as("green in the edge pixel at x=%d (alpha %d)", x, alpha).isZero();
                assertThat(p >> 16 & 0xFF).isEqualTo(255);
            }
            if (alpha > 0 && alpha < 255) {
                partial++;
            }
        }
        assertThat(partial).as("the edge falls inside one output column").isEqualTo(1);
    }

    @Test
    void hugeImagesAreSubsampledWhileDecodingButNeverBelowTwiceTheWorkingSize() {
        BufferedImage ramp = TestImages.fromFunction(3000, 2000, BufferedImage.TYPE_INT_RGB,
                (x, y) -> (x * 255 / 2999) << 16 | 0x4000 | (y * 255 / 1999));
        SafeImageIngestor ingestor = new SafeImageIngestor(IngestLimits.defaults()
                .withWorkingLongSide(256).withMaxDecodedPixels(1_000_000));
        Ingested in = ingestor.ingest(TestImages.png(ramp), "ramp.png");
        assertThat(in.params()).containsEntry("decodeSubsampling", "1/3").containsEntry("scaledTo", "256x171");
        BufferedImage out = in.image();
        for (int x = 0; x < 256; x += 15) {
            double centre = (x + 0.5) * 3000 / 256.0;
            int expectedRed = (int) Math.round(centre * 255 / 2999);
            assertThat(DecodeTest.rgb(out, x, 85)[0]).as("red at x=%d", x).isBetween(expectedRed - 3, expectedRed + 3);
            assertThat(DecodeTest.rgb(out, x, 85)[1]).isEqualTo(0x40);
        }
    }

    @Test
    void subsamplingStopsAtTwiceTheWorkingSizeEvenOverBudget() {
        BufferedImage img = TestImages.solid(1200, 900, 0x336699);
        SafeImageIngestor ingestor = new SafeImageIngestor(IngestLimits.defaults()
                .withWorkingLongSide(300).withMaxDecodedPixels(1000));
        Ingested in = ingestor.ingest(TestImages.png(img), "budget.png");
        assertThat(in.params()).containsEntry("decodeSubsampling", "1/2").containsEntry("scaledTo", "300x225");
        assertThat(DecodeTest.rgb(in.image(), 150, 100)).containsExactly(0x33, 0x66, 0x99);
    }

    @Test
    void weightsOfEveryOutputPixelSumToOne() {
        for (int[] c : new int[][] {{5000, 2048}, {3000, 1229}, {7, 3}, {2048, 2048}, {4001, 2000}, {101, 100}}) {
            int in = c[0];
            int out = c[1];
            int[] idx = new int[in];
            float[] w0 = new float[in];
            float[] w1 = new float[in];
            AreaAverageScaler.weights(in, out, idx, w0, w1);
            double[] sum = new double[out];
            for (int x = 0; x < in; x++) {
                sum[idx[x]] += w0[x];
                if (w1[x] > 0) {
                    sum[idx[x] + 1] += w1[x];
                }
            }
            for (int o = 0; o < out; o++) {
                assertThat(sum[o]).as("%d -> %d, output %d", in, out, o).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }
}
