package dev.refinery.imaging.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.management.ThreadMXBean;
import dev.refinery.domain.InvalidInputException;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every input ingest must refuse, each generated here, each refused with what is wrong and what to do. */
class BadInputTest {
    private static final SafeImageIngestor INGESTOR = new SafeImageIngestor();

    @BeforeAll
    static void warmUp() {
        // Loads ImageIO's registry and readers, so that allocation measured later is the ingest's own.
        INGESTOR.ingest(TestImages.png(TestImages.markedCorners(200, 150)), "warm.png");
        INGESTOR.ingest(TestImages.jpeg(TestImages.markedCorners(200, 150)), "warm.jpg");
    }

    static InvalidInputException rejected(byte[] bytes, String name) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> INGESTOR.ingest(bytes, name));
        assertThat(e).as("ingest of %s must be refused", name).isNotNull();
        // The state machine's Catch matches the exact class name: no subclasses.
        assertThat(e.getClass()).isEqualTo(InvalidInputException.class);
        assertThat(e.retryable()).isFalse();
        assertThat(e.hint()).as("hint for %s", e.getMessage()).isNotBlank();
        assertThat(e.reason()).contains(e.getMessage()).contains(e.hint());
        return e;
    }

    @Test
    void zeroBytes() {
        InvalidInputException e = rejected(new byte[0], "photo.jpg");
        assertThat(e.getMessage()).contains("empty").contains("0 bytes");
        assertThat(e.hint()).contains("Upload the photo again");
    }

    @Test
    void noBytesAtAll() {
        assertThat(rejected(null, "photo.jpg").getMessage()).contains("empty");
    }

    @Test
    void textFileNamedJpg() {
        byte[] text = "This is my product: a blue mug, 350 ml.\nPrice: 12 €\n".getBytes(StandardCharsets.UTF_8);
        InvalidInputException e = rejected(text, "mug.jpg");
        assertThat(e.getMessage()).contains("Unsupported format").contains("text file, not an image");
    }

    @Test
    void svgPdfHtmlAndPhotoshopAreNamed() {
        assertThat(rejected("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\"/>"
                .getBytes(StandardCharsets.UTF_8), "logo.svg").getMessage()).contains("SVG");
        assertThat(rejected("%PDF-1.7\n%âãÏÓ\n1 0 obj".getBytes(StandardCharsets.ISO_8859_1), "sheet.jpg").getMessage())
                .contains("PDF");
        assertThat(rejected("<!DOCTYPE html><html><body>Not found</body></html>".getBytes(StandardCharsets.UTF_8),
                "photo.png").getMessage()).contains("HTML");
        assertThat(rejected(TestImages.concat("8BPS".getBytes(StandardCharsets.ISO_8859_1), new byte[40]), "x.psd")
                .getMessage()).contains("PSD");
    }

    @Test
    void heicIsRefusedAsUnsupportedWithAnExportHint() {
        byte[] heic = TestImages.concat(new byte[] {0, 0, 0, 0x18}, "ftypheic".getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {0, 0, 0, 0}, "mif1heic".getBytes(StandardCharsets.ISO_8859_1), new byte[200]);
        InvalidInputException e = rejected(heic, "IMG_0001.HEIC");
        assertThat(e.getMessage()).isEqualTo("Unsupported format: HEIC/HEIF.");
        assertThat(e.hint()).contains("JPEG").contains("Most Compatible");
    }

    @Test
    void avifIsRefusedAsUnsupported() {
        byte[] avif = TestImages.concat(new byte[] {0, 0, 0, 0x1C}, "ftypavif".getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {0, 0, 0, 0}, "avifmif1miaf".getBytes(StandardCharsets.ISO_8859_1), new byte[200]);
        assertThat(rejected(avif, "photo.avif").getMessage()).isEqualTo("Unsupported format: AVIF.");
    }

    @Test
    void unknownBinaryDataIsNamedByItsFirstBytes() {
        byte[] junk = new byte[300];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (i * 7 + 3);
        }
        junk[0] = 0x01;
        InvalidInputException e = rejected(junk, "photo.jpg");
        assertThat(e.getMessage()).contains("unrecognised data").contains("01 0A 11");
        assertThat(e.hint()).contains("JPEG, PNG, WebP");
    }

    @Test
    void truncatedJpegIsDamagedNotGreyFilled() {
        byte[] jpeg = TestImages.jpeg(noise(400, 300));
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length * 6 / 10);
        InvalidInputException e = rejected(cut, "cut.jpg");
        assertThat(e.getMessage()).startsWith("The file is damaged or incomplete").contains("cut short");
        assertThat(e.hint()).contains("Upload the original photo again");
    }

    @Test
    void jpegMissingOnlyItsEndMarkerIsDamaged() {
        byte[] jpeg = TestImages.jpeg(noise(400, 300));
        assertThat(rejected(Arrays.copyOf(jpeg, jpeg.length - 2), "no-eoi.jpg").getMessage()).contains("damaged or incomplete");
    }

    @Test
    void jpegCutInsideItsHeadersIsDamaged() {
        byte[] jpeg = TestImages.jpeg(noise(400, 300));
        assertThat(rejected(Arrays.copyOf(jpeg, 100), "head.jpg").getMessage()).contains("damaged or incomplete");
        assertThat(rejected(Arrays.copyOf(jpeg, 3), "three.jpg").getMessage()).contains("damaged or incomplete");
    }

    @Test
    void jpegWithCorruptEntropyDataIsDamaged() {
        byte[] jpeg = TestImages.jpeg(noise(400, 300));
        byte[] corrupt = jpeg.clone();
        for (int i = jpeg.length / 2; i < jpeg.length / 2 + 64; i++) {
            corrupt[i] = (byte) (i * 37 & 0x7F); // never 0xFF: the marker structure stays whole
        }
        assertThat(rejected(corrupt, "corrupt.jpg").getMessage()).contains("damaged or incomplete");
    }

    @Test
    void truncatedPngIsDamaged() {
        byte[] png = TestImages.png(noise(300, 200));
        assertThat(rejected(Arrays.copyOf(png, png.length / 2), "cut.png").getMessage())
                .startsWith("The file is damaged or incomplete").contains("cut short");
        assertThat(rejected(Arrays.copyOf(png, png.length - 12), "no-iend.png").getMessage())
                .contains("damaged or incomplete");
    }

    @Test
    void pngWithABadChecksumIsDamaged() {
        byte[] png = TestImages.png(noise(300, 200));
        png[png.length / 2] ^= 0x55;
        assertThat(rejected(png, "flipped.png").getMessage()).contains("fails its checksum");
    }

    @Test
    void truncatedGifWebpBmpAndTiffAreDamaged() {
        BufferedImage img = noise(300, 200);
        byte[] gif = TestImages.encode(img, "gif");
        assertThat(rejected(Arrays.copyOf(gif, gif.length / 2), "cut.gif").getMessage()).contains("damaged or incomplete");
        byte[] webp = TestImages.losslessWebp(300, 200, 10, 20, (x, y) -> (x ^ y) & 1);
        assertThat(rejected(Arrays.copyOf(webp, webp.length - 40), "cut.webp").getMessage()).contains("damaged or incomplete");
        byte[] bmp = TestImages.encode(img, "bmp");
        assertThat(rejected(Arrays.copyOf(bmp, bmp.length - 600), "cut.bmp").getMessage()).contains("damaged or incomplete");
        byte[] tiff = TestImages.encode(img, "tiff");
        assertThat(rejected(Arrays.copyOf(tiff, tiff.length / 2), "cut.tiff").getMessage()).contains("damaged or incomplete");
    }

    @Test
    void animatedGifAsksForASingleStillFrame() {
        byte[] gif = TestImages.animatedGif(TestImages.markedCorners(160, 120), TestImages.solid(160, 120, TestImages.BLUE));
        InvalidInputException e = rejected(gif, "spin.gif");
        assertThat(e.getMessage()).contains("animated GIF: upload a single still frame");
        assertThat(e.hint()).contains("one frame");
    }

    @Test
    void animatedPngAndWebpAreRefusedToo() {
        byte[] actl = TestImages.pngChunk("acTL", new byte[] {0, 0, 0, 2, 0, 0, 0, 0});
        byte[] apng = TestImages.pngInsertAfterHeader(TestImages.png(TestImages.markedCorners(160, 120)), actl);
        assertThat(rejected(apng, "spin.png").getMessage()).contains("animated PNG");
        byte[] still = TestImages.losslessWebp(160, 120, 0, 0, (x, y) -> 1);
        byte[] animated = TestImages.riffWebp(TestImages.vp8x(0x02, 160, 120),
                TestImages.webpChunk("ANIM", new byte[6]), TestImages.webpBody(still));
        assertThat(rejected(animated, "spin.webp").getMessage()).contains("animated WebP");
    }

    @Test
    void pngDecompressionBombIsRefusedFromItsHeaderWithoutAllocatingItsPixels() {
        byte[] bomb = TestImages.pngBomb(30_000, 30_000, 40);
        assertThat(bomb.length).as("a few KB").isLessThan(16 * 1024);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        InvalidInputException e = rejected(bomb, "bomb.png");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(e.getMessage()).contains("claims 30000×30000 pixels").contains("900 megapixels")
                .contains("limit is 100 megapixels");
        assertThat(e.hint()).contains("Resize");
        // The raster would take 2.7 GB; refusing must cost next to nothing.
        assertThat(allocated).as("bytes allocated while refusing the bomb").isLessThan(4L * 1024 * 1024);
    }

    @Test
    void bombsWithinTheSideLimitAreRefusedByTheirPixelCount() {
        byte[] wide = TestImages.pngBomb(15_000, 15_000, 10);
        assertThat(rejected(wide, "wide.png").getMessage()).contains("15000×15000").contains("225 megapixels");
    }

    @Test
    void jpegAndWebpBombsAreRefusedFromTheirHeaders() {
        byte[] jpeg = TestImages.withJpegFrameSize(TestImages.jpeg(noise(200, 150)), 65_000, 60_000);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThat(rejected(jpeg, "bomb.jpg").getMessage()).contains("claims 65000×60000 pixels");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(4L * 1024 * 1024);

        byte[] webp = TestImages.uniformLosslessWebp(16_384, 16_384, 1, 2, 3);
        assertThat(webp.length).isLessThan(100);
        assertThat(rejected(webp, "bomb.webp").getMessage()).contains("claims 16384×16384 pixels");
    }

    @Test
    void fileOverTheSizeLimitIsRefusedBeforeParsing() {
        byte[] png = TestImages.png(noise(300, 200));
        SafeImageIngestor small = new SafeImageIngestor(IngestLimits.defaults().withMaxFileBytes(png.length - 1));
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> small.ingest(png, "big.png"));
        assertThat(e.getMessage()).contains("over the").contains("limit");
        assertThat(e.hint()).contains("smaller");

        // At the default 50 MB limit, the content is never looked at: zeros are refused for their size.
        byte[] huge = new byte[(int) IngestLimits.DEFAULT_MAX_FILE_BYTES + 1];
        InvalidInputException big = rejected(huge, "huge.jpg");
        assertThat(big.getMessage()).isEqualTo("The file is just over the 50 MB limit (52428801 bytes).");
        byte[] larger = new byte[80 * 1024 * 1024];
        assertThat(rejected(larger, "larger.jpg").getMessage()).isEqualTo("The file is 80 MB, over the 50 MB limit.");
    }

    @Test
    void pngTextChunkZipBombIsNotInflated() {
        // 256 MB of text compressed to a few hundred KB in a zTXt chunk: metadata is never inflated.
        java.util.zip.Deflater d = new java.util.zip.Deflater(9);
        java.io.ByteArrayOutputStream z = new java.io.ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] buf = new byte[1 << 16];
        for (int i = 0; i < 256; i++) {
            d.setInput(zeros);
            while (!d.needsInput()) {
                z.write(buf, 0, d.deflate(buf));
            }
        }
        d.finish();
        while (!d.finished()) {
            z.write(buf, 0, d.deflate(buf));
        }
        d.end();
        byte[] ztxt = TestImages.pngChunk("zTXt", TestImages.concat("Comment".getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {0, 0}, z.toByteArray()));
        byte[] png = TestImages.pngInsertAfterHeader(TestImages.png(TestImages.markedCorners(300, 200)), ztxt);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        INGESTOR.ingest(png, "text-bomb.png");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(32L * 1024 * 1024);
    }

    @Test
    void tinyImagesAreRefusedWithTheMinimumSide() {
        InvalidInputException e = rejected(TestImages.png(TestImages.solid(80, 60, TestImages.GREY)), "icon.png");
        assertThat(e.getMessage()).contains("80×60").contains("at least 100 px");
        assertThat(e.hint()).contains("full-size");
    }

    @Test
    void stripsThatWouldBecomeTooNarrowAreRefused() {
        InvalidInputException e = rejected(TestImages.png(TestImages.solid(4000, 150, TestImages.GREY)), "strip.png");
        assertThat(e.getMessage()).contains("too narrow");
        assertThat(e.hint()).contains("Crop");
    }

    @Test
    void otherContainersAreNamed() {
        assertThat(rejected(TestImages.concat(new byte[] {'P', 'K', 3, 4}, new byte[100]), "photos.jpg").getMessage())
                .contains("ZIP");
        assertThat(rejected(TestImages.concat(new byte[] {0, 0, 0, 0x14}, "ftypqt  ".getBytes(StandardCharsets.ISO_8859_1),
                new byte[100]), "clip.jpg").getMessage()).contains("video");
        assertThat(rejected(TestImages.concat(new byte[] {'I', 'I', 43, 0}, new byte[100]), "big.tif").getMessage())
                .contains("BigTIFF");
    }

    static BufferedImage noise(int w, int h) {
        java.util.Random r = new java.util.Random(42);
        return TestImages.fromFunction(w, h, BufferedImage.TYPE_INT_RGB, (x, y) -> r.nextInt() & 0xFFFFFF);
    }
}
