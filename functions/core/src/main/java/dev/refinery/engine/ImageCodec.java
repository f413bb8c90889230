package dev.refinery.engine;

import dev.refinery.color.ArgbPixels;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/** Lossless encoding of intermediate versions and decoding of stored images. */
public final class ImageCodec {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int FILTER_SUB = 1;

    private ImageCodec() {
    }

    /**
     * PNG for intermediates, written at every stage: 8-bit RGB, RGBA or grey, the "Sub" filter on
     * every row, compressed by {@link FastDeflate} (Huffman codes per block and runs, no LZ77
     * search). Encoding was the largest single cost of a classic refinement: the JDK's writer tries
     * every filter per row, and even the JDK's deflater in Huffman-only mode took ~30 ms per 2 MP
     * version. Any PNG decoder reads these files; the measurements are in docs/benchmarks.md.
     */
    public static byte[] png(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        int channels;
        int colourType;
        switch (img.getType()) {
            case BufferedImage.TYPE_BYTE_GRAY -> {
                channels = 1;
                colourType = 0;
            }
            case BufferedImage.TYPE_INT_RGB -> {
                channels = 3;
                colourType = 2;
            }
            default -> {
                channels = img.getColorModel().hasAlpha() ? 4 : 3;
                colourType = channels == 4 ? 6 : 2;
            }
        }
        int stride = 1 + w * channels;
        byte[] raw = new byte[stride * h];
        if (channels == 1) {
            byte[] grey = ((DataBufferByte) greyRaster(img).getDataBuffer()).getData();
            for (int y = 0; y < h; y++) {
                int o = y * stride;
                raw[o++] = FILTER_SUB;
                int prev = 0;
                for (int x = 0; x < w; x++) {
                    int v = grey[y * w + x] & 0xFF;
                    raw[o++] = (byte) (v - prev);
                    prev = v;
                }
            }
        } else {
            int[] argb = ArgbPixels.read(img);
            for (int y = 0; y < h; y++) {
                int o = y * stride;
                raw[o++] = FILTER_SUB;
                int pr = 0, pg = 0, pb = 0, pa = 0;
                for (int x = 0, i = y * w; x < w; x++, i++) {
                    int p = argb[i];
                    int r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
                    raw[o++] = (byte) (r - pr);
                    raw[o++] = (byte) (g - pg);
                    raw[o++] = (byte) (b - pb);
                    pr = r;
                    pg = g;
                    pb = b;
                    if (channels == 4) {
                        int a = p >>> 24;
                        raw[o++] = (byte) (a - pa);
                        pa = a;
                    }
                }
            }
        }
        byte[] idat = FastDeflate.zlib(raw, raw.length);
        ByteBuffer file = ByteBuffer.allocate(SIGNATURE.length + 12 + 13 + 12 + idat.length + 12);
        file.put(SIGNATURE);
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h);
        ihdr.put((byte) 8).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(file, "IHDR", ihdr.array());
        chunk(file, "IDAT", idat);
        chunk(file, "IEND", new byte[0]);
        return file.array();
    }

    private static java.awt.image.WritableRaster greyRaster(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY && img.getRaster().getDataBuffer() instanceof DataBufferByte
                && img.getRaster().getParent() == null) {
            return img.getRaster();
        }
        BufferedImage copy = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        copy.getGraphics().drawImage(img, 0, 0, null);
        return copy.getRaster();
    }

    private static void chunk(ByteBuffer out, String type, byte[] data) {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.putInt(data.length).put(t).put(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.putInt((int) crc.getValue());
    }

    /** Decodes an image the pipeline wrote itself (inputs from sellers go through an {@link ImageIngestor}). */
    public static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage img = read(bytes);
            if (img == null) {
                throw new IllegalStateException("stored image is not decodable (" + bytes.length + " bytes)");
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code ImageIO.read} of bytes in memory, through an in-memory stream: given an InputStream,
     * ImageIO caches it in a temporary file by default (a write and a read of /tmp per image, also
     * in Lambda). Null when no reader knows the format.
     */
    public static BufferedImage read(byte[] bytes) throws IOException {
        // ImageIO.read closes the stream it reads (an in-memory one holds nothing else)
        ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
        return ImageIO.read(in);
    }
}
