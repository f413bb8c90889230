package dev.refinery.imaging.classic;

import dev.refinery.color.Masks;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.Preset;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.Rendition;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Deterministic finishing for one preset: crop to the product's alpha, scale so the product's
 * bounding box fills the preset's share of the canvas, centre it, composite over the preset's
 * background (with an optional soft contact shadow), encode within the size limit.
 *
 * <p>Purity: the product is resampled premultiplied with a Catmull-Rom kernel (widened when
 * shrinking, so downscaling averages every source pixel); its alpha is exactly 0 outside the
 * product's footprint, so every background pixel there is exactly the preset colour. The JPEG is
 * written without chroma subsampling so that survives encoding up to the 8×8 blocks the product
 * touches.
 */
public final class ClassicFinisher implements Finisher {
    private static final int MIN_QUALITY = 50;
    private static final int QUALITY_STEP = 5;
    /** Contact shadow: darkest point (share of the background's brightness removed), size relative to the product. */
    private static final double SHADOW_STRENGTH = 0.22;
    private static final double SHADOW_WIDTH = 0.42;
    private static final double SHADOW_HEIGHT = 0.035;
    /**
     * White on white: where the product's colour at its soft edge is within this many levels of the background
     * (every channel), the edge is darkened by up to {@link #KEYLINE_DEPTH} at half alpha (255 → 242: visible at
     * 100 % zoom, CIEDE2000 ≈ 4 against the background, and inside the product's footprint).
     */
    private static final float KEYLINE_BELOW = 14f;
    private static final float KEYLINE_DEPTH = 0.05f;

    public ClassicFinisher() {
    }

    @Override
    public Rendition render(BufferedImage master, Preset preset, Map<String, String> hints) {
        Map<String, String> h = hints == null ? Map.of() : hints;
        int w = master.getWidth(), hgt = master.getHeight();
        int[] px = Pixels.argb(master);
        boolean cutout = Pixels.hasTransparency(px);
        float[] alpha = cutout ? Pixels.alpha(px) : null;
        Rectangle box = cutout ? Masks.boundingBox(alpha, w, hgt, 0.5) : new Rectangle(0, 0, w, hgt);
        if (box.isEmpty()) {
            throw new InvalidInputException("The master has no visible product (its alpha is empty)",
                    "run the background stage again with segmentation=loose, or upload a photo where the product stands out");
        }
        int cw = preset.width(), ch = preset.height();
        double fill = fillTarget(preset, h);
        double scale = fill / preset.fill().of(box.width, box.height, cw, ch);
        // by height, a product wider than tall could leave the canvas: it is held inside, and the check's fill
        // finding says the true scale did not fit
        scale = Math.min(scale, 0.98 / Math.max(box.width / (double) cw, box.height / (double) ch));
        double boxCx = box.x + box.width / 2.0, boxCy = box.y + box.height / 2.0;
        // source crop: everything with any alpha (the soft edge reaches past the 0.5 box), plus the kernel's reach
        Rectangle crop = cutout ? Masks.boundingBox(alpha, w, hgt, 1 / 255.0) : new Rectangle(0, 0, w, hgt);
        crop = crop.union(box);
        double ground = preset.fill().ground();
        // centred, or standing with its foot on the preset's ground line
        double srcX0 = boxCx - cw / 2.0 / scale, srcY0 = ground > 0 ? box.y + box.height - ground * ch / scale : boxCy - ch / 2.0 / scale;
        // destination pixels the crop can reach
        int dx0 = clamp((int) Math.floor((crop.x - srcX0) * scale) - 3, 0, cw);
        int dx1 = clamp((int) Math.ceil((crop.x + crop.width - srcX0) * scale) + 3, 0, cw);
        int dy0 = clamp((int) Math.floor((crop.y - srcY0) * scale) - 3, 0, ch);
        int dy1 = clamp((int) Math.ceil((crop.y + crop.height - srcY0) * scale) + 3, 0, ch);
        int dw = dx1 - dx0, dh = dy1 - dy0;

        float[][] planes = premultiplied(px, alpha, w, crop);
        Resampler.Taps xs = Resampler.taps(crop.width, dw, scale, srcX0 + dx0 / scale - crop.x, Resampler.Kernel.CATMULL_ROM, true);
        Resampler.Taps ys = Resampler.taps(crop.height, dh, scale, srcY0 + dy0 / scale - crop.y, Resampler.Kernel.CATMULL_ROM, true);
        // enlarged product rows are made as the compositing below reaches them
        Resampler.Rows product = dw > 0 && dh > 0 ? Resampler.rows(planes, crop.width, crop.height, xs, ys) : null;
        float[][] line = new float[4][Math.max(0, dw)];

        int bgRgb = preset.background().isSolid() ? preset.background().rgb() & 0xFFFFFF : 0xFFFFFF;
        float bgR = (bgRgb >> 16) & 0xFF, bgG = (bgRgb >> 8) & 0xFF, bgB = bgRgb & 0xFF;
        boolean shadow = preset.shadow() && !"off".equalsIgnoreCase(h.get("shadow"));
        double prodW = box.width * scale, prodH = box.height * scale;
        double shadowCx = cw / 2.0, shadowCy = ground > 0 ? ground * ch : ch / 2.0 + prodH / 2.0;
        double shadowRx = SHADOW_WIDTH * prodW, shadowRy = Math.max(3, SHADOW_HEIGHT * prodH);

        // 3-byte BGR: the layout the JPEG writer takes without converting every pixel (16 vs 26 ms for 2000²)
        BufferedImage canvas = new BufferedImage(cw, ch, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
        BufferedImage mask = new BufferedImage(cw, ch, BufferedImage.TYPE_BYTE_GRAY);
        byte[] maskData = ((DataBufferByte) mask.getRaster().getDataBuffer()).getData();
        fill(dst, bgRgb);
        long shadowPixels = 0, keylinePixels = 0;
        int sy0 = shadow ? clamp((int) Math.floor(shadowCy - shadowRy), 0, ch) : 0;
        int sy1 = shadow ? clamp((int) Math.ceil(shadowCy + shadowRy) + 1, 0, ch) : 0;
        int sx0 = shadow ? clamp((int) Math.floor(shadowCx - shadowRx), 0, cw) : 0;
        int sx1 = shadow ? clamp((int) Math.ceil(shadowCx + shadowRx) + 1, 0, cw) : 0;
        int yLo = Math.min(dy0, shadow ? sy0 : dy0), yHi = Math.max(dy1, shadow ? sy1 : dy1);
        for (int y = yLo; y < yHi; y++) {
            boolean productRow = product != null && y >= dy0 && y < dy1;
            if (productRow) {
                product.row(y - dy0, line, 0);
            }
            int xLo = Math.min(dw > 0 && y >= dy0 && y < dy1 ? dx0 : cw, shadow && y >= sy0 && y < sy1 ? sx0 : cw);
            int xHi = Math.max(dw > 0 && y >= dy0 && y < dy1 ? dx1 : 0, shadow && y >= sy0 && y < sy1 ? sx1 : 0);
            for (int x = xLo; x < xHi; x++) {
                float a = 0, pr = 0, pg = 0, pb = 0;
                if (productRow && x >= dx0 && x < dx1) {
                    int i = x - dx0;
                    a = line[3][i];
                    a = a < 0.5f / 255 ? 0 : Math.min(1, a);
                    if (a > 0) {
                        float lim = 255 * a;
                        pr = Math.max(0, Math.min(lim, line[0][i]));
                        pg = Math.max(0, Math.min(lim, line[1][i]));
                        pb = Math.max(0, Math.min(lim, line[2][i]));
                    }
                }
                float shade = 1;
                if (shadow && a < 1) {
                    double ex = (x + 0.5 - shadowCx) / shadowRx, ey = (y + 0.5 - shadowCy) / shadowRy;
                    double d2 = ex * ex + ey * ey;
                    if (d2 < 1) {
                        double t = 1 - d2;
                        double s = SHADOW_STRENGTH * t * t;
                        // below half a level the shadow is invisible: keep the pixel exactly the background colour
                        if (s * 255 >= 0.5) {
                            shade = (float) (1 - s);
                            shadowPixels++;
                        }
                    }
                }
                if (a == 0 && shade == 1) {
                    continue;
                }
                float k = (1 - a) * shade;
                float cr = pr + bgR * k, cg = pg + bgG * k, cb = pb + bgB * k;
                if (a > 0 && a < 1) {
                    // A product as light as the background would lose its outline: its own soft edge (inside the
                    // product's footprint, so the background stays pure) is drawn a little darker, most at half alpha.
                    float inv = 1 / a;
                    float diff = Math.max(Math.abs(pr * inv - bgR), Math.max(Math.abs(pg * inv - bgG), Math.abs(pb * inv - bgB)));
                    if (diff < KEYLINE_BELOW) {
                        float t = 4 * a * (1 - a) * KEYLINE_DEPTH * (1 - diff / KEYLINE_BELOW);
                        cr *= 1 - t;
                        cg *= 1 - t;
                        cb *= 1 - t;
                        keylinePixels++;
                    }
                }
                int r = Pixels.clamp8(cr), g = Pixels.clamp8(cg), b = Pixels.clamp8(cb);
                int o = 3 * (y * cw + x);
                dst[o] = (byte) b;
                dst[o + 1] = (byte) g;
                dst[o + 2] = (byte) r;
                maskData[y * cw + x] = (byte) Pixels.clamp8(a * 255);
            }
        }

        int quality = qualityOf(preset, h);
        byte[] bytes = Encoders.encode(canvas, preset.format(), quality);
        while (bytes.length > preset.maxBytes() && quality - QUALITY_STEP >= MIN_QUALITY && preset.format() == dev.refinery.domain.ImageFormat.JPEG) {
            quality -= QUALITY_STEP;
            bytes = Encoders.encode(canvas, preset.format(), quality);
        }
        if (bytes.length > preset.maxBytes()) {
            throw new InvalidInputException(String.format(Locale.ROOT, "The %s rendition is %.1f MB even at quality %d; the preset allows %.1f MB",
                    preset.id(), bytes.length / 1e6, quality, preset.maxBytes() / 1e6), "use a preset with a larger size limit or a smaller canvas");
        }

        Map<String, String> params = new LinkedHashMap<>();
        params.put("scale", fmt(scale));
        params.put("fill", fmt(fill));
        params.put("crop", box.x + "," + box.y + "," + box.width + "," + box.height);
        params.put("offsetX", fmt(cw / 2.0 - (boxCx - box.x) * scale));
        params.put("offsetY", fmt(ch / 2.0 - (boxCy - box.y) * scale));
        params.put("canvas", cw + "x" + ch);
        params.put("quality", String.valueOf(quality));
        params.put("format", preset.format().name());
        params.put("background", String.format(Locale.ROOT, "%d,%d,%d", (bgRgb >> 16) & 0xFF, (bgRgb >> 8) & 0xFF, bgRgb & 0xFF));
        params.put("shadow", shadow ? "contact" : "off");
        params.put("shadowPixels", String.valueOf(shadowPixels));
        params.put("keylinePixels", String.valueOf(keylinePixels));
        params.put("cutout", String.valueOf(cutout));
        resolution(params, h, w, hgt, scale);
        return new Rendition(bytes, preset.format(), mask, params);
    }

    /**
     * Resolution facts for the quality check, which judges them against the preset's rules
     * ({@code Preset.minLongSide}, {@code Preset.maxEnlargement}):
     * <ul>
     *   <li>{@code sourceLongSide}: the marketplaces state their minimum on the uploaded photo's long
     *       side; the source's is the hint {@code sourceLongSide} when the pipeline passes it, else the
     *       master's (the same photo unless ingest reduced it);</li>
     *   <li>{@code enlargement}: canvas pixels per source pixel of the product.</li>
     * </ul>
     */
    static void resolution(Map<String, String> params, Map<String, String> hints, int w, int h, double scale) {
        int masterLong = Math.max(w, h);
        int sourceLong = masterLong;
        String given = hints.get("sourceLongSide");
        if (given != null) {
            try {
                sourceLong = Math.max(1, Integer.parseInt(given.trim()));
            } catch (NumberFormatException ignored) {
                // the master's long side stands in
            }
        }
        params.put("sourceLongSide", String.valueOf(sourceLong));
        params.put("enlargement", fmt(scale * masterLong / (double) sourceLong));
    }

    /** Every pixel of a 3-byte BGR buffer to one colour (one pixel, then doubling copies). */
    private static void fill(byte[] bgr, int rgb) {
        if (bgr.length < 3) {
            return;
        }
        bgr[0] = (byte) rgb;
        bgr[1] = (byte) (rgb >> 8);
        bgr[2] = (byte) (rgb >> 16);
        for (int done = 3; done < bgr.length; done *= 2) {
            System.arraycopy(bgr, 0, bgr, done, Math.min(done, bgr.length - done));
        }
    }

    static double fillTarget(Preset preset, Map<String, String> hints) {
        String f = hints.get("fill");
        if (f != null) {
            try {
                double v = Double.parseDouble(f.trim());
                if (v > 0.05 && v <= 1) {
                    return v;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the preset's target: a malformed hint must not break finishing
            }
        }
        return preset.fill().target();
    }

    private static int qualityOf(Preset preset, Map<String, String> hints) {
        String q = hints.get("quality");
        if (q != null) {
            try {
                return Math.max(MIN_QUALITY, Math.min(100, Integer.parseInt(q.trim())));
            } catch (NumberFormatException ignored) {
                // the preset's quality applies
            }
        }
        return preset.quality();
    }

    /** R·a, G·a, B·a (0..255) and a (0..1) over the crop. */
    private static float[][] premultiplied(int[] px, float[] alpha, int w, Rectangle crop) {
        int n = crop.width * crop.height;
        float[][] p = new float[4][n];
        for (int y = 0; y < crop.height; y++) {
            int src = (crop.y + y) * w + crop.x, row = y * crop.width;
            for (int x = 0; x < crop.width; x++) {
                int v = px[src + x];
                float a = alpha == null ? 1f : alpha[src + x];
                p[0][row + x] = ((v >> 16) & 0xFF) * a;
                p[1][row + x] = ((v >> 8) & 0xFF) * a;
                p[2][row + x] = (v & 0xFF) * a;
                p[3][row + x] = a;
            }
        }
        return p;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
