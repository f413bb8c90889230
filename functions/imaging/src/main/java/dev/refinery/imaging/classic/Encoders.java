package dev.refinery.imaging.classic;

import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.ImageFormat;
import dev.refinery.engine.ImageCodec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Encoders for finished images. */
final class Encoders {
    private static final String JPEG_METADATA = "javax_imageio_jpeg_image_1.0";

    private Encoders() {
    }

    static byte[] encode(BufferedImage img, ImageFormat format, int quality) {
        return switch (format) {
            case JPEG -> jpeg(img, quality);
            case PNG -> ImageCodec.png(img);
            case WEBP -> throw new EngineUnavailableException("WebP output is not available in the classic finisher",
                    "choose a preset with JPEG or PNG output");
        };
    }

    /**
     * Baseline JPEG without chroma subsampling (4:4:4): colour edges stay where they are, and an
     * 8×8 block of pure white next to the product decodes to exactly 255,255,255 instead of
     * picking up chroma from a 16×16 block that reaches into the product.
     */
    static byte[] jpeg(BufferedImage img, int quality) {
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
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(rgb), param);
            noSubsampling(meta);
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
}
