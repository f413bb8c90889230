package dev.refinery.imaging.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.refinery.engine.ImageIngestor.Ingested;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Formats and colour: what ingest accepts comes out as upright 8-bit sRGB, alpha only when real. */
class DecodeTest {
    private static final SafeImageIngestor INGESTOR = new SafeImageIngestor();

    static int[] rgb(BufferedImage img, int x, int y) {
        int p = img.getRGB(x, y);
        return new int[] {p >> 16 & 0xFF, p >> 8 & 0xFF, p & 0xFF};
    }

    static void assertColour(BufferedImage img, int x, int y, int[] expected, int tolerance) {
        int[] actual = rgb(img, x, y);
        for (int i = 0; i < 3; i++) {
            assertThat(actual[i]).as("channel %d at (%d,%d): %s vs expected %s", i, x, y,
                    java.util.Arrays.toString(actual), java.util.Arrays.toString(expected))
                    .isCloseTo(expected[i], within(tolerance));
        }
    }

    @Test
    void pngNamedJpgIsAcceptedBecauseTheContentDecides() {
        Ingested in = INGESTOR.ingest(TestImages.png(TestImages.markedCorners(300, 200)), "product.jpg");
        assertThat(in.params()).containsEntry("format", "PNG").containsEntry("originalWidth", "300")
                .containsEntry("originalHeight", "200").containsEntry("scaledTo", "none")
                .containsEntry("colourConverted", "false").containsEntry("alpha", "none");
        assertThat(in.params().get("notes")).contains("named .jpg but the content is PNG");
        assertThat(in.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertColour(in.image(), 10, 10, rgb(TestImages.markedCorners(300, 200), 10, 10), 0);
        assertColour(in.image(), 290, 10, new int[] {0x10, 0x30, 0xE0}, 0);
    }

    @Test
    void sixteenBitPngBecomesEightBitWithRounding() {
        BufferedImage src = TestImages.sixteenBit(256, 120, false, (x, y, b) -> b == 0 ? x * 257 : b == 1 ? 0x8080 : 0x1234);
        Ingested in = INGESTOR.ingest(TestImages.png(src), "deep.png");
        assertThat(in.params().get("sourceColour")).contains("16-bit");
        assertThat(in.params()).containsEntry("colourConverted", "true");
        BufferedImage img = in.image();
        assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 256; x += 17) {
            assertThat(rgb(img, x, 50)).containsExactly(x, 0x80, 18); // 0x1234 * 255 / 65535 = 18.1
        }
    }

    @Test
    void sixteenBitGreyWithAlphaKeepsItsAlpha() {
        BufferedImage src = TestImages.sixteenBit(200, 150, true, (x, y, b) -> b == 3 ? (x < 100 ? 0 : 65535) : 30000);
        Ingested in = INGESTOR.ingest(TestImages.png(src), "deep-alpha.png");
        assertThat(in.image().getType()).isEqualTo(BufferedImage.TYPE_INT_ARGB);
        assertThat(in.image().getRGB(150, 50) >>> 24).isEqualTo(255);
        assertThat(in.image().getRGB(50, 50) >>> 24).isZero();
        assertThat(rgb(in.image(), 150, 50)).containsExactly(117, 117, 117); // 30000 * 255 / 65535 = 116.7
    }

    @Test
    void greyImagesAreReplicatedIntoRgbWithoutAGammaShift() {
        BufferedImage grey = new BufferedImage(160, 120, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                grey.getRaster().setSample(x, y, 0, x < 80 ? 100 : 200);
            }
        }
        Ingested png = INGESTOR.ingest(TestImages.png(grey), "grey.png");
        assertThat(rgb(png.image(), 20, 20)).containsExactly(100, 100, 100);
        assertThat(rgb(png.image(), 140, 20)).containsExactly(200, 200, 200);
        assertThat(png.params().get("colour")).isEqualTo("grayscale → sRGB");

        Ingested jpeg = INGESTOR.ingest(TestImages.jpeg(grey, 1f), "grey.jpg");
        assertColour(jpeg.image(), 20, 20, new int[] {100, 100, 100}, 2);
        assertColour(jpeg.image(), 140, 20, new int[] {200, 200, 200}, 2);
        assertThat(jpeg.params().get("sourceColour")).isEqualTo("grayscale");

        BufferedImage grey16 = TestImages.sixteenBitGray(160, 120, (x, y) -> 100 * 257);
        assertThat(rgb(INGESTOR.ingest(TestImages.png(grey16), "grey16.png").image(), 5, 5)).containsExactly(100, 100, 100);
    }

    @Test
    void palettePngWithATransparentEntryBecomesArgb() {
        byte[] r = {0, (byte) 255, 0};
        byte[] g = {0, 0, (byte) 200};
        byte[] b = {0, 0, 0};
        byte[] a = {0, (byte) 255, (byte) 255};
        IndexColorModel icm = new IndexColorModel(8, 3, r, g, b, a);
        BufferedImage indexed = new BufferedImage(160, 120, BufferedImage.TYPE_BYTE_INDEXED, icm);
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                indexed.getRaster().setSample(x, y, 0, x < 40 ? 0 : x < 100 ? 1 : 2);
            }
        }
        Ingested in = INGESTOR.ingest(TestImages.png(indexed), "palette.png");
        assertThat(in.params().get("sourceColour")).contains("palette");
        assertThat(in.params()).containsEntry("alpha", "kept");
        assertThat(in.image().getType()).isEqualTo(BufferedImage.TYPE_INT_ARGB);
        assertThat(in.image().getRGB(10, 10) >>> 24).isZero();
        assertThat(in.image().getRGB(50, 10)).isEqualTo(0xFFFF0000);
        assertThat(in.image().getRGB(150, 10)).isEqualTo(0xFF00C800);
    }

    @Test
    void transparentPngKeepsItsAlpha() {
        BufferedImage cutout = TestImages.fromFunction(300, 200, BufferedImage.TYPE_INT_ARGB, (x, y) -> {
            double d = Math.hypot(x - 150, y - 100);
            int alpha = d < 60 ? 255 : d < 70 ? (int) (255 * (70 - d) / 10) : 0;
            return alpha << 24 | 0x2040C0;
        });
        Ingested in = INGESTOR.ingest(TestImages.png(cutout), "cutout.png");
        assertThat(in.params()).containsEntry("alpha", "kept");
        BufferedImage img = in.image();
        assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_ARGB);
        assertThat(img.getRGB(150, 100)).isEqualTo(0xFF2040C0);
        assertThat(img.getRGB(5, 5) >>> 24).isZero();
        assertThat(img.getRGB(150 + 65, 100) >>> 24).isBetween(100, 160); // soft edge survives
    }

    @Test
    void fullyOpaqueAlphaIsDropped() {
        BufferedImage opaque = TestImages.fromFunction(160, 120, BufferedImage.TYPE_INT_ARGB, (x, y) -> 0xFF336699);
        Ingested in = INGESTOR.ingest(TestImages.png(opaque), "opaque.png");
        assertThat(in.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(in.params()).containsEntry("alpha", "fully opaque, dropped");
        assertThat(rgb(in.image(), 3, 3)).containsExactly(0x33, 0x66, 0x99);
    }

    @Test
    void cmykJpegFromPhotoshopBecomesSrgb() {
        byte[] cmyk = TestImages.cmykJpeg(200, 150, false, DecodeTest::cmykPatches);
        Ingested in = INGESTOR.ingest(cmyk, "print.jpg");
        assertThat(in.params()).containsEntry("sourceColour", "CMYK").containsEntry("colourConverted", "true");
        assertThat(in.params().get("colour")).startsWith("CMYK → sRGB");
        assertCmykPatches(in.image());
    }

    @Test
    void ycckJpegBecomesSrgb() {
        byte[] ycck = TestImages.cmykJpeg(200, 150, true, DecodeTest::cmykPatches);
        Ingested in = INGESTOR.ingest(ycck, "print-ycck.jpg");
        assertThat(in.params()).containsEntry("sourceColour", "YCCK").containsEntry("colourConverted", "true");
        assertCmykPatches(in.image());
    }

    /** Left: pure cyan ink; right top: no ink (paper white); right bottom: full black ink. */
    private static int[] cmykPatches(int x, int y) {
        return x < 100 ? new int[] {255, 0, 0, 0} : y < 75 ? new int[] {0, 0, 0, 0} : new int[] {0, 0, 0, 255};
    }

    private static void assertCmykPatches(BufferedImage img) {
        assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        int[] cyan = rgb(img, 50, 75);
        assertThat(cyan[0]).as("cyan has no red").isLessThan(40);
        assertThat(cyan[1]).as("cyan has green").isGreaterThan(150);
        assertThat(cyan[2]).as("cyan has blue").isGreaterThan(200);
        assertColour(img, 150, 30, new int[] {255, 255, 255}, 6);
        assertColour(img, 150, 120, new int[] {0, 0, 0}, 30);
    }

    @Test
    void adobeRgbTaggedPngIsConvertedToSrgb() {
        byte[] profile = TestColour.matrixProfile("Adobe RGB (1998) test", TestColour.ADOBE_RGB_PRIMARIES, TestColour.ADOBE_GAMMA);
        int[] stored = {70, 170, 90}; // a green Adobe RGB reaches further than sRGB
        double[] linear = new double[3];
        for (int i = 0; i < 3; i++) {
            linear[i] = Math.pow(stored[i] / 255.0, TestColour.ADOBE_GAMMA);
        }
        int[] expected = TestColour.expectedSrgb(TestColour.ADOBE_RGB_PRIMARIES, linear);
        assertThat(Math.abs(expected[0] - stored[0]) + Math.abs(expected[1] - stored[1]) + Math.abs(expected[2] - stored[2]))
                .as("the test colour must look different when its profile is ignored").isGreaterThan(20);

        byte[] png = TestImages.pngInsertAfterHeader(
                TestImages.png(TestImages.solid(160, 120, stored[0] << 16 | stored[1] << 8 | stored[2])),
                TestImages.iccpChunk("Adobe RGB", profile));
        Ingested in = INGESTOR.ingest(png, "adobe.png");
        assertThat(in.params()).containsEntry("colourConverted", "true").containsEntry("colour", "Adobe RGB (1998) test → sRGB");
        assertColour(in.image(), 80, 60, expected, 3);
    }

    @Test
    void displayP3TaggedJpegIsConvertedToSrgb() {
        byte[] profile = TestColour.matrixProfile("Display P3 test", TestColour.DISPLAY_P3_PRIMARIES, 0);
        int[] stored = {200, 60, 50};
        double[] linear = new double[3];
        for (int i = 0; i < 3; i++) {
            linear[i] = TestColour.srgbDecode(stored[i] / 255.0);
        }
        int[] expected = TestColour.expectedSrgb(TestColour.DISPLAY_P3_PRIMARIES, linear);
        assertThat(Math.abs(expected[0] - stored[0]) + Math.abs(expected[1] - stored[1])).isGreaterThan(15);

        byte[] jpeg = TestImages.insertAfterSoi(
                TestImages.jpeg(TestImages.solid(160, 120, stored[0] << 16 | stored[1] << 8 | stored[2]), 1f),
                TestImages.iccApp2(profile));
        Ingested in = INGESTOR.ingest(jpeg, "p3.jpg");
        assertThat(in.params()).containsEntry("colourConverted", "true").containsEntry("colour", "Display P3 test → sRGB");
        assertColour(in.image(), 80, 60, expected, 4);
    }

    @Test
    void iccTaggedWebpIsConvertedToSrgb() {
        byte[] profile = TestColour.matrixProfile("Adobe RGB (1998) test", TestColour.ADOBE_RGB_PRIMARIES, TestColour.ADOBE_GAMMA);
        byte[] still = TestImages.uniformLosslessWebp(160, 120, 70, 170, 90);
        byte[] webp = TestImages.riffWebp(TestImages.vp8x(0x20, 160, 120), TestImages.webpChunk("ICCP", profile),
                TestImages.webpBody(still));
        double[] linear = {Math.pow(70 / 255.0, TestColour.ADOBE_GAMMA), Math.pow(170 / 255.0, TestColour.ADOBE_GAMMA),
            Math.pow(90 / 255.0, TestColour.ADOBE_GAMMA)};
        Ingested in = INGESTOR.ingest(webp, "adobe.webp");
        assertThat(in.params()).containsEntry("format", "WebP").containsEntry("colourConverted", "true")
                .containsEntry("colour", "Adobe RGB (1998) test → sRGB");
        assertColour(in.image(), 80, 60, TestColour.expectedSrgb(TestColour.ADOBE_RGB_PRIMARIES, linear), 3);
    }

    @Test
    void iccTaggedTiffIsConvertedToSrgb() {
        byte[] profile = TestColour.matrixProfile("Adobe RGB (1998) test", TestColour.ADOBE_RGB_PRIMARIES, TestColour.ADOBE_GAMMA);
        java.awt.color.ICC_ColorSpace adobe = new java.awt.color.ICC_ColorSpace(java.awt.color.ICC_Profile.getInstance(profile));
        java.awt.image.ComponentColorModel cm = new java.awt.image.ComponentColorModel(adobe, false, false,
                java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_BYTE);
        java.awt.image.WritableRaster r = cm.createCompatibleWritableRaster(160, 120);
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                r.setPixel(x, y, new int[] {70, 170, 90});
            }
        }
        byte[] tiff = TestImages.encode(new BufferedImage(cm, r, false, null), "tiff");
        assertThat(new String(tiff, StandardCharsets.ISO_8859_1)).as("the writer embedded the profile").contains("Adobe RGB (1998) test");
        double[] linear = {Math.pow(70 / 255.0, TestColour.ADOBE_GAMMA), Math.pow(170 / 255.0, TestColour.ADOBE_GAMMA),
            Math.pow(90 / 255.0, TestColour.ADOBE_GAMMA)};
        Ingested in = INGESTOR.ingest(tiff, "adobe.tif");
        assertThat(in.params()).containsEntry("format", "TIFF").containsEntry("colourConverted", "true")
                .containsEntry("colour", "Adobe RGB (1998) test → sRGB");
        assertColour(in.image(), 80, 60, TestColour.expectedSrgb(TestColour.ADOBE_RGB_PRIMARIES, linear), 3);
    }

    @Test
    void brokenEmbeddedProfileIsIgnoredWithANote() {
        byte[] garbage = new byte[600];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 13);
        }
        byte[] truncatedProfile = java.util.Arrays.copyOf(
                TestColour.matrixProfile("Cut", TestColour.ADOBE_RGB_PRIMARIES, 2.2), 200);
        for (byte[] profile : new byte[][] {garbage, truncatedProfile}) {
            byte[] png = TestImages.pngInsertAfterHeader(TestImages.png(TestImages.solid(160, 120, 0x46AA5A)),
                    TestImages.iccpChunk("broken", profile));
            Ingested in = INGESTOR.ingest(png, "broken-profile.png");
            assertThat(rgb(in.image(), 80, 60)).containsExactly(0x46, 0xAA, 0x5A);
            assertThat(in.params().get("notes")).contains("ICC profile");
        }
    }

    @Test
    void srgbTaggedImagesAreLeftAlone() {
        byte[] profile = TestColour.matrixProfile("sRGB test", TestColour.SRGB_PRIMARIES, 0);
        byte[] png = TestImages.pngInsertAfterHeader(TestImages.png(TestImages.solid(160, 120, 0xC83C32)),
                TestImages.iccpChunk("sRGB", profile));
        Ingested in = INGESTOR.ingest(png, "srgb.png");
        assertColour(in.image(), 80, 60, new int[] {0xC8, 0x3C, 0x32}, 2);
    }

    @Test
    void losslessWebpDecodes() {
        // Blocks of 20 px: green where the block's column and row have the same parity.
        byte[] webp = TestImages.losslessWebp(200, 140, 30, 90, (x, y) -> ((x / 20) + (y / 20)) % 2 == 0 ? 1 : 0);
        Ingested in = INGESTOR.ingest(webp, "checker.webp");
        assertThat(in.params()).containsEntry("format", "WebP").containsEntry("originalWidth", "200")
                .containsEntry("originalHeight", "140");
        assertThat(rgb(in.image(), 5, 5)).containsExactly(30, 255, 90);
        assertThat(rgb(in.image(), 25, 5)).containsExactly(30, 0, 90);
        assertThat(rgb(in.image(), 25, 25)).containsExactly(30, 255, 90);
        assertThat(rgb(in.image(), 199, 139)).containsExactly(30, 0, 90);
    }

    @Test
    void progressiveJpegDecodesAndIsDamagedWhenCut() throws Exception {
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            javax.imageio.ImageWriteParam p = writer.getDefaultWriteParam();
            p.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new javax.imageio.IIOImage(TestImages.markedCorners(320, 240), null, null), p);
        } finally {
            writer.dispose();
        }
        byte[] progressive = bytes.toByteArray();
        Ingested in = INGESTOR.ingest(progressive, "p.jpg");
        assertColour(in.image(), 10, 10, new int[] {0xE0, 0x10, 0x10}, 20);
        assertColour(in.image(), 310, 10, new int[] {0x10, 0x30, 0xE0}, 20);
        byte[] cut = java.util.Arrays.copyOf(progressive, progressive.length * 3 / 4);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> INGESTOR.ingest(cut, "p.jpg")))
                .isInstanceOf(dev.refinery.domain.InvalidInputException.class).hasMessageContaining("damaged or incomplete");
    }

    @Test
    void interlacedPngDecodes() throws Exception {
        // The JDK writes Adam7 when asked through its metadata; decode must match the source exactly.
        BufferedImage src = TestImages.markedCorners(300, 200);
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("png").next();
        javax.imageio.ImageTypeSpecifier type = javax.imageio.ImageTypeSpecifier.createFromRenderedImage(src);
        javax.imageio.metadata.IIOMetadata meta = writer.getDefaultImageMetadata(type, null);
        javax.imageio.metadata.IIOMetadataNode root = (javax.imageio.metadata.IIOMetadataNode) meta.getAsTree("javax_imageio_png_1.0");
        ((javax.imageio.metadata.IIOMetadataNode) root.getElementsByTagName("IHDR").item(0)).setAttribute("interlaceMethod", "adam7");
        meta.setFromTree("javax_imageio_png_1.0", root);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(new javax.imageio.IIOImage(src, null, meta));
        } finally {
            writer.dispose();
        }
        byte[] png = bytes.toByteArray();
        assertThat(png[8 + 8 + 12]).as("interlace method in IHDR").isEqualTo((byte) 1);
        BufferedImage out = INGESTOR.ingest(png, "adam7.png").image();
        for (int y = 0; y < 200; y += 9) {
            for (int x = 0; x < 300; x += 7) {
                assertThat(out.getRGB(x, y)).isEqualTo(src.getRGB(x, y));
            }
        }
    }

    @Test
    void stillGifBmpAndTiffDecode() {
        BufferedImage img = TestImages.markedCorners(240, 160);
        for (String format : new String[] {"gif", "bmp", "tiff"}) {
            Ingested in = INGESTOR.ingest(TestImages.encode(img, format), "photo." + format);
            assertThat(in.params().get("format")).isEqualToIgnoringCase(format.equals("tiff") ? "TIFF" : format);
            assertThat(in.image().getWidth()).isEqualTo(240);
            assertColour(in.image(), 10, 10, new int[] {0xE0, 0x10, 0x10}, 12);
            assertColour(in.image(), 230, 10, new int[] {0x10, 0x30, 0xE0}, 12);
            assertColour(in.image(), 120, 120, new int[] {0x80, 0x80, 0x80}, 12);
        }
    }

    @Test
    void cameraQuirksAreAccepted() {
        byte[] photo = TestImages.jpeg(TestImages.markedCorners(320, 240));
        // Data after the end marker (phone makers append depth maps and previews there).
        byte[] trailer = TestImages.concat(photo, "SEFT trailer data".getBytes(StandardCharsets.ISO_8859_1), new byte[300]);
        assertThat(INGESTOR.ingest(trailer, "trailer.jpg").params()).containsEntry("format", "JPEG");
        // An Exif block carrying its own JPEG thumbnail, markers and all.
        byte[] thumbnail = TestImages.jpeg(TestImages.solid(160, 120, 0x00FF00), 0.5f);
        byte[] exif = TestImages.segment(0xE1, TestImages.concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1),
                TestImages.exifTiff(3, false), thumbnail));
        Ingested in = INGESTOR.ingest(TestImages.insertAfterSoi(photo, exif), "thumb.jpg");
        assertThat(in.params()).containsEntry("orientation", "3 (upside down: turned 180°)");
        assertColour(in.image(), 310, 230, new int[] {0xE0, 0x10, 0x10}, 30); // the red corner, turned
        // Fill bytes before a marker and a couple of padding bytes before the end marker.
        byte[] padded = TestImages.concat(java.util.Arrays.copyOf(photo, photo.length - 2), new byte[] {0, 0},
                new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xD9});
        assertThat(INGESTOR.ingest(padded, "padded.jpg").params()).containsEntry("format", "JPEG");
    }

    @Test
    void utf8TextAfterAnImageSignatureIsStillAnImage() {
        // Only the first bytes decide: a JPEG whose comment holds text is a JPEG.
        byte[] jpeg = TestImages.insertAfterSoi(TestImages.jpeg(TestImages.markedCorners(160, 120)),
                TestImages.segment(0xFE, "Made with love — ünïcödé".getBytes(StandardCharsets.UTF_8)));
        assertThat(INGESTOR.ingest(jpeg, "c.jpg").params()).containsEntry("format", "JPEG");
    }

    static BufferedImage drawn(int w, int h, java.util.function.Consumer<Graphics2D> paint) {
        BufferedImage img = TestImages.solid(w, h, 0xFFFFFF);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        paint.accept(g);
        g.dispose();
        return img;
    }
}
