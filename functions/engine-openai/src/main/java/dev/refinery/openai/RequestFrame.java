package dev.refinery.openai;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * How an image of {@code sourceWidth x sourceHeight} sits in a request of a size the model
 * supports: scaled uniformly into {@code placement} and padded around it. The model's answer is
 * mapped back through the same placement, so every version keeps the size and geometry of the one
 * before it (the fidelity check compares cut-outs pixel by pixel).
 */
public record RequestFrame(int width, int height, Rectangle placement, int sourceWidth, int sourceHeight) {

    /** The {@code size} parameter: "WIDTHxHEIGHT". */
    public String size() {
        return width + "x" + height;
    }

    /**
     * Places a {@code w x h} image centred in a {@code width x height} request, as large as fits;
     * an image that fits with less than 5% to spare is only padded, so it is not resampled at all.
     */
    public static RequestFrame fit(int w, int h, int width, int height) {
        double scale = Math.min(width / (double) w, height / (double) h);
        if (scale >= 1 && scale < 1.05) {
            scale = 1;
        }
        int pw = Math.max(1, Math.min(width, (int) Math.round(w * scale)));
        int ph = Math.max(1, Math.min(height, (int) Math.round(h * scale)));
        return new RequestFrame(width, height, new Rectangle((width - pw) / 2, (height - ph) / 2, pw, ph), w, h);
    }

    public boolean scales() {
        return placement.width != sourceWidth || placement.height != sourceHeight;
    }

    /** The image placed in the request frame on {@code pad}; an image of another size is fitted into the placement. */
    public BufferedImage pad(BufferedImage src, Color pad) {
        BufferedImage out = new BufferedImage(width, height, src.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        if (pad != null) {
            g.setColor(pad);
            g.fillRect(0, 0, width, height);
        }
        if (!scales() && src.getWidth() == sourceWidth && src.getHeight() == sourceHeight) {
            g.drawImage(src, placement.x, placement.y, null);
        } else {
            RequestFrame inner = src.getWidth() == sourceWidth && src.getHeight() == sourceHeight
                    ? this : fit(src.getWidth(), src.getHeight(), placement.width, placement.height);
            Rectangle r = inner == this ? placement
                    : new Rectangle(placement.x + inner.placement.x, placement.y + inner.placement.y, inner.placement.width, inner.placement.height);
            quality(g);
            g.drawImage(src, r.x, r.y, r.width, r.height, null);
        }
        g.dispose();
        return out;
    }

    /**
     * The part of the model's answer that corresponds to the source image, at the source's size.
     * The answer may come back at another size than requested; the placement is scaled with it.
     */
    public BufferedImage unpad(BufferedImage answer) {
        double sx = answer.getWidth() / (double) width, sy = answer.getHeight() / (double) height;
        int x = (int) Math.round(placement.x * sx), y = (int) Math.round(placement.y * sy);
        int w = Math.max(1, Math.min(answer.getWidth() - x, (int) Math.round(placement.width * sx)));
        int h = Math.max(1, Math.min(answer.getHeight() - y, (int) Math.round(placement.height * sy)));
        BufferedImage out = new BufferedImage(sourceWidth, sourceHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        if (w == sourceWidth && h == sourceHeight) {
            g.drawImage(answer.getSubimage(x, y, w, h), 0, 0, null);
        } else {
            quality(g);
            g.drawImage(answer.getSubimage(x, y, w, h), 0, 0, sourceWidth, sourceHeight, null);
        }
        g.dispose();
        return out;
    }

    /**
     * The alpha of the model's answer over the source image, at the source's size (0..1, row-major): the part of the
     * answer that corresponds to the source, scaled back bilinearly as {@link #unpad} scales colour. {@code null} when
     * the answer has no alpha channel.
     */
    public float[] unpadAlpha(BufferedImage answer) {
        if (!answer.getColorModel().hasAlpha()) {
            return null;
        }
        double sx = answer.getWidth() / (double) width, sy = answer.getHeight() / (double) height;
        double x0 = placement.x * sx, y0 = placement.y * sy, pw = placement.width * sx, ph = placement.height * sy;
        int aw = answer.getWidth(), ah = answer.getHeight();
        float[] a = new float[aw * ah];
        var raster = answer.getAlphaRaster();
        for (int y = 0; y < ah; y++) {
            for (int x = 0; x < aw; x++) {
                a[y * aw + x] = raster.getSample(x, y, 0) / 255f;
            }
        }
        float[] out = new float[sourceWidth * sourceHeight];
        for (int y = 0; y < sourceHeight; y++) {
            double ay = Math.max(0, Math.min(ah - 1, y0 + (y + 0.5) * ph / sourceHeight - 0.5));
            int ya = (int) ay, yb = Math.min(ah - 1, ya + 1);
            double ty = ay - ya;
            for (int x = 0; x < sourceWidth; x++) {
                double ax = Math.max(0, Math.min(aw - 1, x0 + (x + 0.5) * pw / sourceWidth - 0.5));
                int xa = (int) ax, xb = Math.min(aw - 1, xa + 1);
                double tx = ax - xa;
                double top = a[ya * aw + xa] * (1 - tx) + a[ya * aw + xb] * tx, bottom = a[yb * aw + xa] * (1 - tx) + a[yb * aw + xb] * tx;
                out[y * sourceWidth + x] = (float) (top * (1 - ty) + bottom * ty);
            }
        }
        return out;
    }

    private static void quality(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    }
}
