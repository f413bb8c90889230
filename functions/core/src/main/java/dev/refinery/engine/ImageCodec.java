package dev.refinery.engine;

import dev.refinery.color.ArgbPixels;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Encoding of versions, finals and previews (lossless PNG, JPEG) and decoding of stored images: the one codec. */
public final class ImageCodec {
    private static final String JPEG_METADATA = "javax_imageio_jpeg_image_1.0";

    /** How a JPEG stores colour. */
    public enum Chroma {
        /**
         * No subsampling (4:4:4), for the product's images: colour edges stay where they are, and an 8×8 block of pure
         * white next to the product decodes to exactly 255,255,255 instead of picking up chroma from a 16×16 block that
         * reaches into the product.
         */
        FULL,
        /** The JDK's default 4:2:0, as a phone's camera writes: for sample photos that stand for a seller's. */
        SUBSAMPLED
    }
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
    /** Baseline JPEG at {@code quality} (1–100) with the JDK's own writer; alpha is dropped (composited on black). */
    public static byte[] jpeg(BufferedImage img, int quality, Chroma chroma) {
        BufferedImage rgb = img;
        if (img.getType() != BufferedImage.TYPE_INT_RGB && img.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(img, 0, 0, null);
        }
        ImageWriter writer = jdkJpegWriter();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(rgb.getWidth() * rgb.getHeight() / 4);
             ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(Math.max(0.05f, Math.min(1f, quality / 100f)));
            IIOMetadata meta = null;
            if (chroma == Chroma.FULL) {
                meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(rgb), param);
                noSubsampling(meta);
            }
            writer.write(null, new IIOImage(rgb, null, meta), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** The JDK's own writer: its metadata tree is the documented one. */
    private static ImageWriter jdkJpegWriter() {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter fallback = null;
        while (it.hasNext()) {
            ImageWriter w = it.next();
            if (w.getClass().getName().startsWith("com.sun.imageio")) {
                return w;
            }
            if (fallback == null) {
                fallback = w;
            }
        }
        if (fallback == null) {
            throw new IllegalStateException("no JPEG writer on the classpath");
        }
        return fallback;
    }

    private static void noSubsampling(IIOMetadata meta) throws IIOInvalidTreeException {
        Node root = meta.getAsTree(JPEG_METADATA);
        NodeList specs = ((org.w3c.dom.Element) root).getElementsByTagName("componentSpec");
        for (int i = 0; i < specs.getLength(); i++) {
            org.w3c.dom.Element spec = (org.w3c.dom.Element) specs.item(i);
            spec.setAttribute("HsamplingFactor", "1");
            spec.setAttribute("VsamplingFactor", "1");
        }
        meta.setFromTree(JPEG_METADATA, root);
    }

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
