package dev.refinery.imaging.ingest;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The ingest tests' own input generators (package-private TestImages, from the imaging test-jar),
 * made reachable for the reliability suites. Every input is generated in memory.
 */
public final class BadInputs {
    private BadInputs() {
    }

    /** A seller's product on a near-white backdrop, with a red mark in the top-left corner. */
    public static BufferedImage product(int w, int h) {
        BufferedImage img = TestImages.solid(w, h, 0xFAFAFA);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(40, 90, 160));
        g.fillRect(w / 4, h / 5, w / 2, 3 * h / 5);
        g.setColor(new Color(TestImages.RED));
        g.fillRect(0, 0, Math.min(w, h) / 8, Math.min(w, h) / 8);
        g.dispose();
        return img;
    }

    public static byte[] jpeg(BufferedImage img) {
        return TestImages.jpeg(img);
    }

    public static byte[] png(BufferedImage img) {
        return TestImages.png(img);
    }

    public static byte[] truncatedJpeg() {
        byte[] jpeg = TestImages.jpeg(product(400, 300));
        return Arrays.copyOf(jpeg, jpeg.length * 6 / 10);
    }

    public static byte[] text() {
        return "This is my product: a blue mug, 350 ml.\nPrice: 12 EUR\n".getBytes(StandardCharsets.UTF_8);
    }

    /** 16 bits per channel, sRGB. */
    public static byte[] sixteenBitPng() {
        return TestImages.png(TestImages.sixteenBit(400, 300, false, (x, y, b) -> {
            boolean product = x >= 100 && x < 300 && y >= 60 && y < 240;
            int v = product ? (b == 2 ? 40000 : 12000) : 64000;
            return v;
        }));
    }

    /** Photoshop-style CMYK JPEG (Adobe APP14, inverted samples): a blue product on white. */
    public static byte[] cmykJpeg() {
        return TestImages.cmykJpeg(400, 300, false, (x, y) -> {
            boolean product = x >= 100 && x < 300 && y >= 60 && y < 240;
            return product ? new int[] {200, 120, 0, 20} : new int[] {0, 0, 0, 0};
        });
    }

    /**
     * A JPEG stored landscape ({@code w}×{@code h}) with EXIF orientation 6 (rotate 90° clockwise
     * to view): upright it is {@code h}×{@code w}, and its red mark, stored top-left, shows top-right.
     */
    public static byte[] exifRotatedJpeg(int w, int h) {
        return TestImages.insertAfterSoi(TestImages.jpeg(product(w, h)), TestImages.exifApp1(6, true));
    }

    public static byte[] animatedGif() {
        return TestImages.animatedGif(TestImages.markedCorners(160, 120), TestImages.solid(160, 120, TestImages.BLUE));
    }

    /** A still lossless WebP. */
    public static byte[] webp() {
        return TestImages.losslessWebp(400, 300, 255, 255, (x, y) -> (x >= 100 && x < 300 && y >= 60 && y < 240) ? 0 : 1);
    }

    public static byte[] heic() {
        return TestImages.concat(new byte[] {0, 0, 0, 0x18}, "ftypheic".getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {0, 0, 0, 0}, "mif1heic".getBytes(StandardCharsets.ISO_8859_1), new byte[200]);
    }

    /** A few KB of PNG that claims {@code side}×{@code side} pixels. */
    public static byte[] pngBomb(int side) {
        return TestImages.pngBomb(side, side, 40);
    }

    public static long ingestFileLimit() {
        return IngestLimits.DEFAULT_MAX_FILE_BYTES;
    }
}
