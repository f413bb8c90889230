package dev.refinery.aws.testing;

import dev.refinery.aws.Engines;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.Preset;
import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.ImageIngestor;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.engine.Rendition;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * Small, deterministic stand-ins for the imaging module (written in parallel) so the handlers and
 * adapters can be driven end to end: an ingestor that decodes, an engine whose background stage
 * cuts out every pixel that is not near-white, and a finisher that centres the cut-out on a white canvas.
 */
public final class TestEngines {
    private TestEngines() {
    }

    public static Engines engines() {
        return new Engines(List.of(new CutoutEngine("classic")), new DecodingIngestor(), new CentringFinisher());
    }

    public static byte[] productPhoto(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(150, 40, 30));
        g.fillRoundRect(w / 4, h / 5, w / 2, 3 * h / 5, 20, 20);
        g.setColor(new Color(30, 30, 30));
        for (int y = h / 5 + 10; y < 4 * h / 5 - 10; y += 8) {
            g.drawLine(w / 4 + 10, y, 3 * w / 4 - 10, y + 3);
        }
        g.dispose();
        return encode(img, "jpg");
    }

    static byte[] encode(BufferedImage img, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final class DecodingIngestor implements ImageIngestor {
        @Override
        public Ingested ingest(byte[] bytes, String fileName) {
            try {
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
                if (img == null) {
                    throw new InvalidInputException("'" + fileName + "' is not an image we can read", "upload a JPEG, PNG or WebP photo");
                }
                BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
                rgb.createGraphics().drawImage(img, 0, 0, null);
                return new Ingested(rgb, Map.of("width", String.valueOf(img.getWidth()), "height", String.valueOf(img.getHeight())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static final class CutoutEngine implements RefinementEngine {
        private final String id;
        public final AtomicInteger edits = new AtomicInteger();
        public volatile String lastFeedback;

        public CutoutEngine(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public EditResult edit(Stage stage, EditRequest req) {
            edits.incrementAndGet();
            lastFeedback = req.feedback();
            BufferedImage src = req.current();
            BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < src.getHeight(); y++) {
                for (int x = 0; x < src.getWidth(); x++) {
                    int argb = src.getRGB(x, y);
                    if (stage == Stage.BACKGROUND) {
                        int r = (argb >> 16) & 255, g = (argb >> 8) & 255, b = argb & 255;
                        boolean product = r < 235 || g < 235 || b < 235;
                        argb = product ? (argb | 0xFF000000) : 0x00FFFFFF;
                    } else if (src.getColorModel().hasAlpha()) {
                        argb = src.getRGB(x, y);
                    } else {
                        argb |= 0xFF000000;
                    }
                    out.setRGB(x, y, argb);
                }
            }
            return new EditResult(out, Map.of("stage", stage.id()), Map.of(), List.of(), 0, stage.id() + " by the test engine");
        }
    }

    public static final class CentringFinisher implements Finisher {
        @Override
        public Rendition render(BufferedImage master, Preset preset, Map<String, String> hints) {
            int minX = master.getWidth(), minY = master.getHeight(), maxX = -1, maxY = -1;
            for (int y = 0; y < master.getHeight(); y++) {
                for (int x = 0; x < master.getWidth(); x++) {
                    if (((master.getRGB(x, y) >>> 24) & 255) > 127) {
                        minX = Math.min(minX, x);
                        minY = Math.min(minY, y);
                        maxX = Math.max(maxX, x);
                        maxY = Math.max(maxY, y);
                    }
                }
            }
            if (maxX < 0) {
                minX = 0;
                minY = 0;
                maxX = master.getWidth() - 1;
                maxY = master.getHeight() - 1;
            }
            int bw = maxX - minX + 1, bh = maxY - minY + 1;
            double fill = Double.parseDouble(hints.getOrDefault("fill", String.valueOf(preset.fill().target())));
            double scale = fill * Math.min(preset.width(), preset.height()) / Math.max(bw, bh);
            int dw = (int) Math.round(bw * scale), dh = (int) Math.round(bh * scale);
            int ox = (preset.width() - dw) / 2, oy = (preset.height() - dh) / 2;
            BufferedImage canvas = new BufferedImage(preset.width(), preset.height(), BufferedImage.TYPE_INT_RGB);
            BufferedImage mask = new BufferedImage(preset.width(), preset.height(), BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = canvas.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, preset.width(), preset.height());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(master, ox, oy, ox + dw, oy + dh, minX, minY, maxX + 1, maxY + 1, null);
            g.dispose();
            Graphics2D m = mask.createGraphics();
            m.setColor(Color.WHITE);
            m.fillRect(ox, oy, dw, dh);
            m.dispose();
            String format = preset.format().extension().equals("jpg") ? "jpg" : preset.format().extension();
            return new Rendition(encode(canvas, format), preset.format(), mask, Map.of("scale", String.valueOf(scale)));
        }
    }
}
