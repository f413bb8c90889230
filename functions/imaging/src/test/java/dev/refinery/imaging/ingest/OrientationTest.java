package dev.refinery.imaging.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.engine.ImageIngestor.Ingested;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A camera stores pixels as the sensor saw them and records how to turn them upright. Each test
 * builds the upright picture (red block top-left, blue block top-right), stores it the way a
 * camera would for the orientation, and checks that ingest brings it back upright.
 */
class OrientationTest {
    private static final SafeImageIngestor INGESTOR = new SafeImageIngestor();
    private static final int W = 240;
    private static final int H = 160;

    /**
     * The EXIF specification's own words for each orientation: which visual side the stored
     * image's 0th row lies along, and which the 0th column.
     */
    private static final String[][] ROW0_COL0 = {
        null,
        {"top", "left"}, {"top", "right"}, {"bottom", "right"}, {"bottom", "left"},
        {"left", "top"}, {"right", "top"}, {"right", "bottom"}, {"left", "bottom"},
    };

    /** The stored image a camera writes for an upright scene and an orientation, derived from ROW0_COL0. */
    static BufferedImage storedAsCamera(BufferedImage upright, int orientation) {
        String row0 = ROW0_COL0[orientation][0];
        String col0 = ROW0_COL0[orientation][1];
        boolean rowsAreColumns = row0.equals("left") || row0.equals("right");
        int sw = rowsAreColumns ? upright.getHeight() : upright.getWidth();
        int sh = rowsAreColumns ? upright.getWidth() : upright.getHeight();
        BufferedImage stored = new BufferedImage(sw, sh, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < sh; r++) {
            for (int c = 0; c < sw; c++) {
                int vx;
                int vy;
                if (rowsAreColumns) { // stored row r is a visual column, stored column c a visual row
                    vx = row0.equals("left") ? r : upright.getWidth() - 1 - r;
                    vy = col0.equals("top") ? c : upright.getHeight() - 1 - c;
                } else {
                    vy = row0.equals("top") ? r : upright.getHeight() - 1 - r;
                    vx = col0.equals("left") ? c : upright.getWidth() - 1 - c;
                }
                stored.setRGB(c, r, upright.getRGB(vx, vy));
            }
        }
        return stored;
    }

    private static void assertUpright(Ingested in, int orientation) {
        BufferedImage img = in.image();
        assertThat(img.getWidth()).as("width for orientation %d", orientation).isEqualTo(W);
        assertThat(img.getHeight()).isEqualTo(H);
        DecodeTest.assertColour(img, 15, 15, new int[] {0xE0, 0x10, 0x10}, 30);
        DecodeTest.assertColour(img, W - 15, 15, new int[] {0x10, 0x30, 0xE0}, 30);
        DecodeTest.assertColour(img, 15, H - 15, new int[] {0x80, 0x80, 0x80}, 30);
        DecodeTest.assertColour(img, W - 15, H - 15, new int[] {0x80, 0x80, 0x80}, 30);
        assertThat(in.params()).containsEntry("originalWidth", Integer.toString(W))
                .containsEntry("originalHeight", Integer.toString(H))
                .containsEntry("orientationApplied", Boolean.toString(orientation != 1));
        assertThat(in.params().get("orientation")).startsWith(Integer.toString(orientation));
    }

    @ParameterizedTest(name = "JPEG with EXIF orientation {0} comes out upright")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void jpegExifOrientation(int orientation) {
        BufferedImage stored = storedAsCamera(TestImages.markedCorners(W, H), orientation);
        byte[] jpeg = TestImages.insertAfterSoi(TestImages.jpeg(stored), TestImages.exifApp1(orientation, orientation % 2 == 0));
        assertUpright(INGESTOR.ingest(jpeg, "IMG_" + orientation + ".jpg"), orientation);
    }

    @ParameterizedTest(name = "PNG with an eXIf orientation {0} comes out upright")
    @ValueSource(ints = {3, 6, 8})
    void pngExifOrientation(int orientation) {
        BufferedImage stored = storedAsCamera(TestImages.markedCorners(W, H), orientation);
        byte[] png = TestImages.pngInsertAfterHeader(TestImages.png(stored),
                TestImages.pngChunk("eXIf", TestImages.exifTiff(orientation, false)));
        assertUpright(INGESTOR.ingest(png, "rotated.png"), orientation);
    }

    @ParameterizedTest(name = "a portrait photo stored sideways (orientation {0}) is tall after ingest")
    @ValueSource(ints = {6, 8})
    void sidewaysPhotoIsCappedAlongItsUprightLongSide(int orientation) {
        SafeImageIngestor small = new SafeImageIngestor(IngestLimits.defaults().withWorkingLongSide(200));
        BufferedImage stored = storedAsCamera(TestImages.markedCorners(300, 400), orientation);
        Ingested in = small.ingest(TestImages.insertAfterSoi(TestImages.jpeg(stored), TestImages.exifApp1(orientation, true)), "p.jpg");
        assertThat(in.image().getWidth()).isEqualTo(150);
        assertThat(in.image().getHeight()).isEqualTo(200);
        assertThat(in.params()).containsEntry("originalWidth", "300").containsEntry("originalHeight", "400")
                .containsEntry("scaledTo", "150x200");
        DecodeTest.assertColour(in.image(), 10, 10, new int[] {0xE0, 0x10, 0x10}, 30);
    }
}
