package dev.refinery.openai;

import dev.refinery.color.Masks;
import dev.refinery.domain.ImageFormat;
import dev.refinery.domain.Preset;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.Rendition;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A minimal deterministic finisher for white-background presets, standing in for the classic
 * engine's finisher until that lands on this branch: crop to the product's alpha, scale to the
 * preset's target fill, centre on the preset's backdrop, encode at the preset's quality. What it
 * makes is judged by core's real QualityChecker.
 */
final class TestFinisher implements Finisher {
    @Override
    public Rendition render(BufferedImage master, Preset preset, Map<String, String> hints) {
        if (preset.background().kind() == Preset.Backdrop.Kind.SCENE) {
            return scene(master, preset);
        }
        if (!preset.background().isSolid()) {
            throw new UnsupportedOperationException("the test finisher renders solid backdrops and scenes only, not " + preset.background().kind());
        }
        float[] alpha = Masks.alphaOf(master);
        Rectangle box = Masks.boundingBox(alpha, master.getWidth(), master.getHeight(), 0.5);
        double fill = hints.containsKey("fill") ? Double.parseDouble(hints.get("fill")) : preset.fill().target();
        double scale = fill * Math.min(preset.width(), preset.height()) / Math.max(box.width, box.height);
        int w = (int) Math.round(box.width * scale), h = (int) Math.round(box.height * scale);
        int x = (preset.width() - w) / 2, y = (preset.height() - h) / 2;
        BufferedImage canvas = new BufferedImage(preset.width(), preset.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setColor(new Color(preset.background().rgb()));
        g.fillRect(0, 0, preset.width(), preset.height());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(master.getSubimage(box.x, box.y, box.width, box.height), x, y, w, h, null);
        g.dispose();
        BufferedImage mask = new BufferedImage(preset.width(), preset.height(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D m = mask.createGraphics();
        m.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        m.drawImage(Masks.toGray(crop(alpha, master.getWidth(), box), box.width, box.height), x, y, w, h, null);
        m.dispose();
        return new Rendition(jpeg(canvas, preset.quality()), ImageFormat.JPEG, mask,
                Map.of("finisher", "test", "fill", String.valueOf(fill)));
    }

    /**
     * The openai engine's scene contract: RGB is the whole picture (also under alpha 0), alpha marks
     * the product, and the composition already has the preset's aspect and fill: scale it.
     */
    private static Rendition scene(BufferedImage scene, Preset preset) {
        BufferedImage canvas = new BufferedImage(preset.width(), preset.height(), BufferedImage.TYPE_INT_RGB);
        BufferedImage opaque = new BufferedImage(scene.getWidth(), scene.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[scene.getWidth()];
        for (int y = 0; y < scene.getHeight(); y++) {
            scene.getRGB(0, y, scene.getWidth(), 1, row, 0, scene.getWidth());
            for (int x = 0; x < row.length; x++) {
                row[x] &= 0xFFFFFF;
            }
            opaque.setRGB(0, y, scene.getWidth(), 1, row, 0, scene.getWidth());
        }
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(opaque, 0, 0, preset.width(), preset.height(), null);
        g.dispose();
        BufferedImage mask = new BufferedImage(preset.width(), preset.height(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D m = mask.createGraphics();
        m.drawImage(Masks.toGray(Masks.alphaOf(scene), scene.getWidth(), scene.getHeight()), 0, 0, preset.width(), preset.height(), null);
        m.dispose();
        return new Rendition(jpeg(canvas, preset.quality()), ImageFormat.JPEG, mask, Map.of("finisher", "test", "finisher.scene", "scaled"));
    }

    private static float[] crop(float[] alpha, int width, Rectangle box) {
        float[] out = new float[box.width * box.height];
        for (int yy = 0; yy < box.height; yy++) {
            System.arraycopy(alpha, (box.y + yy) * width + box.x, out, yy * box.width, box.width);
        }
        return out;
    }

    static byte[] jpeg(BufferedImage img, int quality) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
            ImageWriter writer = writers.next();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality / 100f);
                writer.write(null, new IIOImage(img, null, null), p);
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
