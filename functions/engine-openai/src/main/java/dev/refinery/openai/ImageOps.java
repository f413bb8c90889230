package dev.refinery.openai;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/** Pixel work around a model call: flattening cut-outs, masks, the product lock. */
final class ImageOps {
    private ImageOps() {
    }

    /** Whether an image carries a real cut-out (some clearly transparent pixels), not just an opaque alpha channel. */
    static boolean hasCutout(BufferedImage img) {
        if (!img.getColorModel().hasAlpha()) {
            return false;
        }
        int w = img.getWidth(), h = img.getHeight();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int p : row) {
                if ((p >>> 24) < 128) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The image composited on an opaque backdrop (the model gets opaque images; alpha travels separately). */
    static BufferedImage flatten(BufferedImage img, Color backdrop) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(backdrop);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return out;
    }

    /** An RGB image with the given product alpha (0..1) as its alpha channel; RGB stays as it is under alpha 0. */
    static BufferedImage withAlpha(BufferedImage rgb, float[] alpha) {
        int w = rgb.getWidth(), h = rgb.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            rgb.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int a = Math.round(Math.max(0, Math.min(1, alpha[y * w + x])) * 255);
                row[x] = (a << 24) | (row[x] & 0xFFFFFF);
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    /**
     * The edit mask the API reads: opaque where the product is (keep), fully transparent elsewhere
     * (edit). Same size as the image it guides.
     */
    static BufferedImage editMask(float[] productAlpha, int w, int h) {
        BufferedImage m = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                row[x] = productAlpha[y * w + x] >= 0.5f ? 0xFFFFFFFF : 0x00000000;
            }
            m.setRGB(0, y, w, 1, row, 0, w);
        }
        return m;
    }

    /**
     * The product lock: the input's product pixels composited back over the model's output through
     * the input's cut-out, so a background or scene edit cannot alter the product itself.
     */
    static BufferedImage lockProduct(BufferedImage modelOutput, BufferedImage input, float[] alpha) {
        int w = input.getWidth(), h = input.getHeight();
        if (modelOutput.getWidth() != w || modelOutput.getHeight() != h) {
            throw new IllegalArgumentException("the model's output was not mapped back to the input's size");
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] a = new int[w], b = new int[w], o = new int[w];
        for (int y = 0; y < h; y++) {
            modelOutput.getRGB(0, y, w, 1, a, 0, w);
            input.getRGB(0, y, w, 1, b, 0, w);
            for (int x = 0; x < w; x++) {
                float t = Math.max(0, Math.min(1, alpha[y * w + x]));
                if (t >= 1f) {
                    o[x] = b[x] & 0xFFFFFF;
                } else if (t <= 0f) {
                    o[x] = a[x] & 0xFFFFFF;
                } else {
                    int r = Math.round(((b[x] >> 16) & 0xFF) * t + ((a[x] >> 16) & 0xFF) * (1 - t));
                    int g = Math.round(((b[x] >> 8) & 0xFF) * t + ((a[x] >> 8) & 0xFF) * (1 - t));
                    int bl = Math.round((b[x] & 0xFF) * t + (a[x] & 0xFF) * (1 - t));
                    o[x] = (r << 16) | (g << 8) | bl;
                }
            }
            out.setRGB(0, y, w, 1, o, 0, w);
        }
        return out;
    }

    /** Mean colour of the outermost pixel ring: an unobtrusive colour for padding. */
    static Color borderColour(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        long r = 0, g = 0, b = 0, n = 0;
        for (int x = 0; x < w; x++) {
            for (int y : new int[] {0, h - 1}) {
                int p = img.getRGB(x, y);
                r += (p >> 16) & 0xFF;
                g += (p >> 8) & 0xFF;
                b += p & 0xFF;
                n++;
            }
        }
        for (int y = 1; y < h - 1; y++) {
            for (int x : new int[] {0, w - 1}) {
                int p = img.getRGB(x, y);
                r += (p >> 16) & 0xFF;
                g += (p >> 8) & 0xFF;
                b += p & 0xFF;
                n++;
            }
        }
        return new Color((int) (r / n), (int) (g / n), (int) (b / n));
    }

    /** Any image as TYPE_INT_RGB (opaque), without changing pixels of an opaque image. */
    static BufferedImage rgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            return img;
        }
        return flatten(img, Color.WHITE);
    }
}
