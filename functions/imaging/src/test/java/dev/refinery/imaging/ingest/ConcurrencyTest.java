package dev.refinery.imaging.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.domain.InvalidInputException;
import dev.refinery.engine.ImageIngestor.Ingested;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One ingestor shared by many threads gives every thread the same answer it gives one thread. */
class ConcurrencyTest {

    @Test
    void sharedIngestorIsThreadSafe() throws Exception {
        SafeImageIngestor ingestor = new SafeImageIngestor(IngestLimits.defaults().withWorkingLongSide(300));
        List<byte[]> inputs = List.of(
                TestImages.jpeg(TestImages.markedCorners(640, 480)),
                TestImages.insertAfterSoi(TestImages.jpeg(TestImages.markedCorners(480, 640)), TestImages.exifApp1(6, true)),
                TestImages.png(TestImages.sixteenBit(400, 300, true, (x, y, b) -> (x * 163 + y * 97 + b * 5000) & 0xFFFF)),
                TestImages.cmykJpeg(320, 240, false, (x, y) -> new int[] {x % 256, y % 256, 40, 10}),
                TestImages.losslessWebp(350, 200, 10, 200, (x, y) -> (x / 7 + y / 5) & 1),
                TestImages.pngInsertAfterHeader(TestImages.png(TestImages.markedCorners(500, 300)),
                        TestImages.iccpChunk("a", TestColour.matrixProfile("Adobe", TestColour.ADOBE_RGB_PRIMARIES, 2.2))),
                Arrays.copyOf(TestImages.jpeg(BadInputTest.noise(300, 300)), 5000),
                TestImages.pngBomb(30_000, 30_000, 4),
                "not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> expected = new ArrayList<>();
        for (byte[] in : inputs) {
            expected.add(outcome(ingestor, in));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> tasks = new ArrayList<>();
            List<Integer> which = new ArrayList<>();
            for (int round = 0; round < 12; round++) {
                for (int i = 0; i < inputs.size(); i++) {
                    byte[] in = inputs.get(i);
                    which.add(i);
                    tasks.add(() -> outcome(ingestor, in));
                }
            }
            List<Future<String>> results = pool.invokeAll(tasks);
            for (int t = 0; t < results.size(); t++) {
                assertThat(results.get(t).get()).isEqualTo(expected.get(which.get(t)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A fingerprint of an ingest's outcome: the error, or the params and a hash of every pixel. */
    private static String outcome(SafeImageIngestor ingestor, byte[] bytes) {
        try {
            Ingested in = ingestor.ingest(bytes, "x");
            BufferedImage img = in.image();
            int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
            return img.getWidth() + "x" + img.getHeight() + " " + Arrays.hashCode(px) + " " + in.params();
        } catch (InvalidInputException e) {
            return "refused: " + e.reason();
        }
    }
}
