package dev.refinery.openai;

import dev.refinery.color.Masks;
import dev.refinery.domain.ImageFormat;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.Preset;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.ImageCodec;
import dev.refinery.engine.Rendition;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the openai engine's scenes and hands every other preset to the deterministic finisher
 * it wraps: {@code new SceneAwareFinisher(new ClassicFinisher())}.
 *
 * <p>A scene master (what {@code OpenAiEngine.edit(FINALIZE, scene=...)} returns) keeps the whole
 * picture in RGB, also under alpha 0, and marks the product with alpha; it is already composed at
 * the preset's aspect and fill. So the scene is scaled to cover the canvas (cropped about the
 * product if the aspect differs), the mask follows the alpha, and the file is encoded at the
 * preset's quality within its size limit.
 */
public final class SceneAwareFinisher implements Finisher {
    private static final int MIN_QUALITY = 50;

    private final Finisher solid;

    public SceneAwareFinisher(Finisher solid) {
        this.solid = solid;
    }

    @Override
    public Rendition render(BufferedImage master, Preset preset, Map<String, String> hints) {
        Rendition r = preset.background().kind() == Preset.Backdrop.Kind.SCENE ? scene(master, preset, hints) : solid.render(master, preset, hints);
        return declare(r, hints.get(DigitalSourceType.PARAM));
    }

    /**
     * Writes the IPTC digital source type the pipeline passed on (the lineage had AI steps) into the
     * final's metadata, as marketplaces ask of AI-made images.
     */
    static Rendition declare(Rendition r, String code) {
        if (code == null) {
            return r;
        }
        DigitalSourceType type = DigitalSourceType.fromCode(code)
                .orElseThrow(() -> new IllegalArgumentException("unknown digital source type " + code));
        Map<String, String> params = new LinkedHashMap<>(r.params());
        params.put(DigitalSourceType.PARAM, type.code());
        return new Rendition(Provenance.tag(r.bytes(), type, "Refinery"), r.format(), r.productMask(), params);
    }

    private Rendition scene(BufferedImage master, Preset preset, Map<String, String> hints) {
        int w = master.getWidth(), h = master.getHeight(), cw = preset.width(), ch = preset.height();
        float[] alpha = Masks.alphaOf(master);
        Rectangle box = Masks.boundingBox(alpha, w, h, 0.5);
        if (box.isEmpty()) {
            throw new InvalidInputException("The scene has no product marked in its alpha",
                    "run finalize again; the openai engine marks the locked product in the scene's alpha");
        }
        // Cover the canvas: the scale that fills it, with the crop window centred on the product and kept inside the scene.
        double scale = Math.max(cw / (double) w, ch / (double) h);
        double winW = cw / scale, winH = ch / scale;
        double x0 = clamp(box.getCenterX() - winW / 2, 0, w - winW), y0 = clamp(box.getCenterY() - winH / 2, 0, h - winH);

        BufferedImage opaque = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            master.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                row[x] &= 0xFFFFFF; // the scene under alpha 0 is the picture, not a hole
            }
            opaque.setRGB(0, y, w, 1, row, 0, w);
        }
        BufferedImage canvas = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
        BufferedImage mask = new BufferedImage(cw, ch, BufferedImage.TYPE_BYTE_GRAY);
        draw(canvas, opaque, x0, y0, winW, winH);
        draw(mask, Masks.toGray(alpha, w, h), x0, y0, winW, winH);

        int quality = hints.containsKey("quality") ? parseQuality(hints.get("quality"), preset.quality()) : preset.quality();
        byte[] bytes = encode(canvas, preset.format(), quality);
        while (bytes.length > preset.maxBytes() && preset.format() == ImageFormat.JPEG && quality - 5 >= MIN_QUALITY) {
            quality -= 5;
            bytes = encode(canvas, preset.format(), quality);
        }
        if (bytes.length > preset.maxBytes()) {
            throw new InvalidInputException(String.format(Locale.ROOT, "The %s scene is %.1f MB; the preset allows %.1f MB",
                    preset.id(), bytes.length / 1e6, preset.maxBytes() / 1e6), "use a preset with a larger size limit or a smaller canvas");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("finisher", "scene");
        params.put("scale", String.format(Locale.ROOT, "%.4f", scale));
        params.put("crop", String.format(Locale.ROOT, "%.0f,%.0f,%.0f,%.0f", x0, y0, winW, winH));
        params.put("quality", String.valueOf(quality));
        return new Rendition(bytes, preset.format(), mask, params);
    }

    private static void draw(BufferedImage target, BufferedImage src, double x0, double y0, double winW, double winH) {
        Graphics2D g = target.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        int sx0 = (int) Math.floor(x0), sy0 = (int) Math.floor(y0);
        int sx1 = (int) Math.min(src.getWidth(), Math.ceil(x0 + winW)), sy1 = (int) Math.min(src.getHeight(), Math.ceil(y0 + winH));
        g.drawImage(src, 0, 0, target.getWidth(), target.getHeight(), sx0, sy0, sx1, sy1, null);
        g.dispose();
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(Math.max(lo, hi), v));
    }

    private static int parseQuality(String s, int fallback) {
        try {
            return Math.max(MIN_QUALITY, Math.min(100, Integer.parseInt(s.trim())));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static byte[] encode(BufferedImage img, ImageFormat format, int quality) {
        if (format == ImageFormat.PNG) {
            return ImageCodec.png(img);
        }
        if (format != ImageFormat.JPEG) {
            throw new InvalidInputException("Scenes are encoded as JPEG or PNG, not " + format, "set the scene preset's format to jpeg or png");
        }
        // a scene is a photograph: the JDK's usual 4:2:0, as before the one codec
        return ImageCodec.jpeg(img, quality, ImageCodec.Chroma.SUBSAMPLED);
    }
}
