package dev.refinery.imaging.ingest;

import dev.refinery.testkit.RealWorldMaterial;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.refinery.domain.InvalidInputException;
import dev.refinery.engine.ImageIngestor.Ingested;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CC0 photos of the shared real-world set (never copied into the repository): each one goes
 * through ingest unchanged in content. Found through the system property {@code refinery.realworld},
 * the environment variable {@code REFINERY_REALWORLD}, {@code /work/shared/realworld}, or a
 * {@code shared/realworld} folder beside the repository; skipped with a message when absent.
 */
class RealPhotosTest {
    private static final SafeImageIngestor INGESTOR = new SafeImageIngestor();

    static Stream<Path> photos() throws IOException {
        Path dir = RealWorldMaterial.folderOrWorkplace().resolve("photos");
        if (!Files.isDirectory(dir)) {
            return Stream.of(dir); // one placeholder so the test runs and skips with its message
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches("(?i).*\\.(jpe?g|png|webp|gif|bmp|tiff?)"))
                    .sorted().toList();
            return all.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("photos")
    void realPhotoIngestsWithItsContentIntact(Path photo) throws IOException {
        assumeTrue(Files.isRegularFile(photo), "real-world photos absent (" + photo.getParent()
                + "): set -Drefinery.realworld=<dir> or REFINERY_REALWORLD to run this test");
        byte[] bytes = Files.readAllBytes(photo);
        Ingested in = INGESTOR.ingest(bytes, photo.getFileName().toString());
        BufferedImage reference = ImageIO.read(new ByteArrayInputStream(bytes));
        BufferedImage img = in.image();

        assertThat(in.params()).containsEntry("originalWidth", Integer.toString(reference.getWidth()))
                .containsEntry("originalHeight", Integer.toString(reference.getHeight()))
                .containsEntry("orientation", "1 (upright)")
                .containsKeys("format", "colour", "colourConverted", "alpha", "scaledTo", "sourceColour");
        assertThat(Math.max(img.getWidth(), img.getHeight())).isLessThanOrEqualTo(2048);
        assertThat(img.getType()).isIn(BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB);
        if (in.params().get("scaledTo").equals("none") && in.params().get("colourConverted").equals("false")) {
            assertThat(img.getWidth()).isEqualTo(reference.getWidth());
            // Untagged 8-bit sRGB: ingest must not change a single visible pixel.
            long differing = 0;
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int a = img.getRGB(x, y);
                    int b = reference.getRGB(x, y);
                    boolean invisible = (a >>> 24) == 0 && (b >>> 24) == 0;
                    if (a != b && !invisible) {
                        differing++;
                    }
                }
            }
            assertThat(differing).as("pixels changed in %s", photo.getFileName()).isZero();
        }
        System.out.printf("realworld %-36s %s%n", photo.getFileName(), in.params());
    }

    @Test
    void realPhotoWithAnExifRotationComesOutUpright() throws IOException {
        Path rocket = RealWorldMaterial.folderOrWorkplace().resolve("photos").resolve("skimage__rocket.jpg");
        assumeTrue(Files.isRegularFile(rocket), "real-world photo absent: " + rocket);
        byte[] original = Files.readAllBytes(rocket);
        BufferedImage reference = INGESTOR.ingest(original, "rocket.jpg").image();
        byte[] rotated = TestImages.insertAfterSoi(original, TestImages.exifApp1(6, true));
        BufferedImage upright = INGESTOR.ingest(rotated, "rocket-6.jpg").image();
        assertThat(upright.getWidth()).isEqualTo(reference.getHeight());
        assertThat(upright.getHeight()).isEqualTo(reference.getWidth());
        // Orientation 6 turns the stored image 90° clockwise: stored (x, y) lands at (h-1-y, x).
        int h = reference.getHeight();
        for (int y = 0; y < h; y += 13) {
            for (int x = 0; x < reference.getWidth(); x += 17) {
                assertThat(upright.getRGB(h - 1 - y, x)).isEqualTo(reference.getRGB(x, y));
            }
        }
    }

    @Test
    void realPhotoCutShortIsDamaged() throws IOException {
        Path rocket = RealWorldMaterial.folderOrWorkplace().resolve("photos").resolve("skimage__rocket.jpg");
        assumeTrue(Files.isRegularFile(rocket), "real-world photo absent: " + rocket);
        byte[] original = Files.readAllBytes(rocket);
        for (double keep : new double[] {0.3, 0.9, 0.999}) {
            byte[] cut = Arrays.copyOf(original, (int) (original.length * keep));
            InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> INGESTOR.ingest(cut, "r.jpg"));
            assertThat(e).as("cut at %.1f%%", keep * 100).isNotNull();
            assertThat(e.getMessage()).contains("damaged or incomplete");
        }
    }
}
