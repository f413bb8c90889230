package dev.refinery.imaging.ingest;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntBinaryOperator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Generates every test input in memory: encoded images, hand-built segments, chunks and bitstreams. */
final class TestImages {
    static final int GREY = 0x808080;
    static final int RED = 0xE01010;
    static final int BLUE = 0x1030E0;

    private TestImages() {
    }

    // ------------------------------------------------------------------ pixels

    static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(rgb));
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    /** Grey with a red block in the top-left corner and a blue block in the top-right corner. */
    static BufferedImage markedCorners(int w, int h) {
        BufferedImage img = solid(w, h, GREY);
        int s = Math.min(w, h) / 4;
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(RED));
        g.fillRect(0, 0, s, s);
        g.setColor(new Color(BLUE));
        g.fillRect(w - s, 0, s, s);
        g.dispose();
        return img;
    }

    static BufferedImage fromFunction(int w, int h, int type, IntBinaryOperator argbAt) {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, argbAt.applyAsInt(x, y));
            }
        }
        return img;
    }

    // ------------------------------------------------------------------ encoders

    static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no " + format + " writer for " + img);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] png(BufferedImage img) {
        return encode(img, "png");
    }

    static byte[] jpeg(BufferedImage img) {
        return jpeg(img, 0.95f);
    }

    static byte[] jpeg(BufferedImage img, float quality) {
        return writeJpeg(new IIOImage(img, null, null), quality);
    }

    /** Writes a raster as a JPEG without any colour transform: its bands are stored as given. */
    static byte[] jpegRaw(Raster raster) {
        return writeJpeg(new IIOImage(raster, null, null), 0.95f);
    }

    private static byte[] writeJpeg(IIOImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, image, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static byte[] animatedGif(BufferedImage... frames) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage f : frames) {
                writer.writeToSequence(new IIOImage(f, null, null), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** A 16-bit-per-channel sRGB image (RGB or RGBA) with samples from the function (x, y, band) -> 0..65535. */
    static BufferedImage sixteenBit(int w, int h, boolean alpha, TriFunction samples) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int b = 0; b < r.getNumBands(); b++) {
                    r.setSample(x, y, b, samples.apply(x, y, b));
                }
            }
        }
        return new BufferedImage(cm, r, false, null);
    }

    /** A 16-bit grey image. */
    static BufferedImage sixteenBitGray(int w, int h, IntBinaryOperator sample) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, sample.applyAsInt(x, y));
            }
        }
        return img;
    }

    interface TriFunction {
        int apply(int x, int y, int band);
    }

    // ------------------------------------------------------------------ JPEG segments

    static byte[] segment(int marker, byte[] payload) {
        int length = payload.length + 2;
        byte[] s = new byte[payload.length + 4];
        s[0] = (byte) 0xFF;
        s[1] = (byte) marker;
        s[2] = (byte) (length >> 8);
        s[3] = (byte) length;
        System.arraycopy(payload, 0, s, 4, payload.length);
        return s;
    }

    static byte[] insertAfterSoi(byte[] jpeg, byte[]... segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        for (byte[] s : segments) {
            out.writeBytes(s);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** APP1 Exif with an IFD0 holding only the orientation tag, in big- or little-endian TIFF. */
    static byte[] exifApp1(int orientation, boolean bigEndian) {
        return segment(0xE1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), exifTiff(orientation, bigEndian)));
    }

    static byte[] exifTiff(int orientation, boolean bigEndian) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        t.writeBytes(bigEndian ? new byte[] {'M', 'M', 0, 42} : new byte[] {'I', 'I', 42, 0});
        writeInt(t, 8, 4, bigEndian); // IFD0 offset
        writeInt(t, 2, 2, bigEndian); // two entries: a harmless ImageDescription-less tag, then orientation
        writeInt(t, 0x010F, 2, bigEndian); // Make, ASCII, 4 bytes inline: "Tst\0"
        writeInt(t, 2, 2, bigEndian);
        writeInt(t, 4, 4, bigEndian);
        t.writeBytes(new byte[] {'T', 's', 't', 0});
        writeInt(t, 0x0112, 2, bigEndian);
        writeInt(t, 3, 2, bigEndian); // SHORT
        writeInt(t, 1, 4, bigEndian);
        writeInt(t, orientation, 2, bigEndian);
        writeInt(t, 0, 2, bigEndian);
        writeInt(t, 0, 4, bigEndian); // no next IFD
        return t.toByteArray();
    }

    static byte[] iccApp2(byte[] profile) {
        return segment(0xE2, concat("ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1), new byte[] {1, 1}, profile));
    }

    static byte[] adobeApp14(int transform) {
        return segment(0xEE, new byte[] {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform});
    }

    /**
     * A CMYK JPEG as Photoshop writes it: an Adobe APP14 marker and inverted CMYK samples
     * (transform 0), or YCCK (transform 2: YCbCr of the true C, M, Y values, K inverted).
     */
    static byte[] cmykJpeg(int w, int h, boolean ycck, CmykAt cmykAt) {
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        int[] px = new int[4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] cmyk = cmykAt.at(x, y);
                if (ycck) {
                    double c = cmyk[0];
                    double m = cmyk[1];
                    double ye = cmyk[2];
                    px[0] = clamp(0.299 * c + 0.587 * m + 0.114 * ye);
                    px[1] = clamp(-0.168736 * c - 0.331264 * m + 0.5 * ye + 128);
                    px[2] = clamp(0.5 * c - 0.418688 * m - 0.081312 * ye + 128);
                } else {
                    px[0] = 255 - cmyk[0];
                    px[1] = 255 - cmyk[1];
                    px[2] = 255 - cmyk[2];
                }
                px[3] = 255 - cmyk[3];
                r.setPixel(x, y, px);
            }
        }
        return insertAfterSoi(jpegRaw(r), adobeApp14(ycck ? 2 : 0));
    }

    interface CmykAt {
        int[] at(int x, int y);
    }

    /** Replaces the frame size in a JPEG's SOF0 header. */
    static byte[] withJpegFrameSize(byte[] jpeg, int width, int height) {
        byte[] b = jpeg.clone();
        int p = 2;
        while (p < b.length) {
            int marker = b[p + 1] & 0xFF;
            int len = (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
            if (marker == 0xC0 || marker == 0xC2) {
                b[p + 5] = (byte) (height >> 8);
                b[p + 6] = (byte) height;
                b[p + 7] = (byte) (width >> 8);
                b[p + 8] = (byte) width;
                return b;
            }
            p += 2 + len;
        }
        throw new IllegalStateException("no SOF0 in JPEG");
    }

    // ------------------------------------------------------------------ PNG chunks

    static byte[] pngChunk(String type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, data.length, 4, true);
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        writeInt(out, crc.getValue(), 4, true);
        return out.toByteArray();
    }

    /** Inserts chunks right after a PNG's IHDR. */
    static byte[] pngInsertAfterHeader(byte[] png, byte[]... chunks) {
        int afterHeader = 8 + 8 + 13 + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterHeader);
        for (byte[] c : chunks) {
            out.writeBytes(c);
        }
        out.write(png, afterHeader, png.length - afterHeader);
        return out.toByteArray();
    }

    static byte[] iccpChunk(String name, byte[] profile) {
        return pngChunk("iCCP", concat(name.getBytes(StandardCharsets.ISO_8859_1), new byte[] {0, 0}, deflate(profile)));
    }

    /**
     * A real, small PNG whose header claims {@code width}×{@code height} 8-bit RGB: valid IHDR
     * CRC, an IDAT holding the first rows (all zero, so it compresses to a few KB) and IEND.
     */
    static byte[] pngBomb(int width, int height, int rowsPresent) {
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        writeInt(ihdr, width, 4, true);
        writeInt(ihdr, height, 4, true);
        ihdr.writeBytes(new byte[] {8, 2, 0, 0, 0});
        Deflater d = new Deflater(9);
        byte[] row = new byte[1 + 3 * width]; // filter byte 0, then black pixels
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        for (int i = 0; i < rowsPresent; i++) {
            d.setInput(row);
            while (!d.needsInput()) {
                z.write(buf, 0, d.deflate(buf));
            }
        }
        d.finish();
        while (!d.finished()) {
            z.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10},
                pngChunk("IHDR", ihdr.toByteArray()), pngChunk("IDAT", z.toByteArray()), pngChunk("IEND", new byte[0]));
    }

    // ------------------------------------------------------------------ WebP

    /**
     * A lossless WebP (VP8L) built bit by bit: no transforms, five prefix codes that are all
     * "simple" codes, green with two symbols (0 and 255, one bit per pixel) and red, blue, alpha
     * with one symbol each (zero bits). So any two-colour picture {R, 0|255, B} costs one bit per pixel.
     */
    static byte[] losslessWebp(int w, int h, int red, int blue, IntBinaryOperator greenIsFull) {
        BitWriter bits = new BitWriter();
        bits.write(8, 0x2F);
        bits.write(14, w - 1);
        bits.write(14, h - 1);
        bits.write(1, 0); // alpha not used
        bits.write(3, 0); // version
        bits.write(1, 0); // no transform
        bits.write(1, 0); // no colour cache
        bits.write(1, 0); // no meta prefix codes
        // green: simple code, two 8-bit symbols 0 and 255
        bits.write(1, 1);
        bits.write(1, 1);
        bits.write(1, 1);
        bits.write(8, 0);
        bits.write(8, 255);
        for (int v : new int[] {red, blue, 255}) { // red, blue, alpha: one 8-bit symbol
            bits.write(1, 1);
            bits.write(1, 0);
            bits.write(1, 1);
            bits.write(8, v);
        }
        bits.write(1, 1); // distance: one 1-bit symbol, 0
        bits.write(1, 0);
        bits.write(1, 0);
        bits.write(1, 0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                bits.write(1, greenIsFull.applyAsInt(x, y) != 0 ? 1 : 0);
            }
        }
        return riffWebp(webpChunk("VP8L", bits.toByteArray()));
    }

    /** A lossless WebP of one colour: all five prefix codes have a single symbol, so pixels cost zero bits. */
    static byte[] uniformLosslessWebp(int w, int h, int red, int green, int blue) {
        BitWriter bits = new BitWriter();
        bits.write(8, 0x2F);
        bits.write(14, w - 1);
        bits.write(14, h - 1);
        bits.write(1, 0);
        bits.write(3, 0);
        bits.write(1, 0);
        bits.write(1, 0);
        bits.write(1, 0);
        for (int v : new int[] {green, red, blue, 255}) {
            bits.write(1, 1);
            bits.write(1, 0);
            bits.write(1, 1);
            bits.write(8, v);
        }
        bits.write(1, 1);
        bits.write(1, 0);
        bits.write(1, 0);
        bits.write(1, 0);
        // Pixels cost nothing, so the bitstream is a dozen bytes; TwelveMonkeys' bit reader fetches
        // 8 bytes at a time and fails at the end of the file, so pad with zero bits (ignored).
        return riffWebp(webpChunk("VP8L", concat(bits.toByteArray(), new byte[8])));
    }

    static byte[] webpChunk(String type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(type.getBytes(StandardCharsets.ISO_8859_1));
        writeInt(out, data.length, 4, false);
        out.writeBytes(data);
        if ((data.length & 1) == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    static byte[] riffWebp(byte[]... chunks) {
        byte[] body = concat(chunks);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.ISO_8859_1));
        writeInt(out, 4 + body.length, 4, false);
        out.writeBytes("WEBP".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** VP8X header chunk: flags (0x20 ICC, 0x10 alpha, 0x08 EXIF, 0x02 animation) and canvas size. */
    static byte[] vp8x(int flags, int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, flags, 4, false);
        writeInt(out, w - 1, 3, false);
        writeInt(out, h - 1, 3, false);
        return webpChunk("VP8X", out.toByteArray());
    }

    /** The chunks of a simple WebP file (everything after "RIFF", size, "WEBP"). */
    static byte[] webpBody(byte[] webp) {
        return Arrays.copyOfRange(webp, 12, webp.length);
    }

    static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long acc;
        private int n;

        void write(int count, int value) {
            acc |= ((long) value & ((1L << count) - 1)) << n;
            n += count;
            while (n >= 8) {
                out.write((int) (acc & 0xFF));
                acc >>>= 8;
                n -= 8;
            }
        }

        byte[] toByteArray() {
            if (n > 0) {
                out.write((int) (acc & 0xFF));
                acc = 0;
                n = 0;
            }
            return out.toByteArray();
        }
    }

    // ------------------------------------------------------------------ bytes

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data) {
        Deflater d = new Deflater();
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    static void writeInt(ByteArrayOutputStream out, long v, int bytes, boolean bigEndian) {
        for (int i = 0; i < bytes; i++) {
            int shift = bigEndian ? 8 * (bytes - 1 - i) : 8 * i;
            out.write((int) (v >>> shift) & 0xFF);
        }
    }

    static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
