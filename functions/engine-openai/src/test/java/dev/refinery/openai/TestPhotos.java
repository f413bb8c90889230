package dev.refinery.openai;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;

/**
 * Synthetic seller photos whose product mask is known exactly: a textured "bottle" (body and cap)
 * on a uniform backdrop. The texture is a fine red/yellow checker: far from any backdrop in colour,
 * and with enough contrast in brightness to stay sharp when the finisher enlarges it.
 */
final class TestPhotos {
    static final Color BACKDROP = new Color(214, 208, 200);
    static final Color RED = new Color(190, 30, 30);
    static final Color YELLOW = new Color(240, 215, 60);

    private TestPhotos() {
    }

    record Photo(BufferedImage image, float[] mask) {
    }

    static Photo bottle(int w, int h) {
        return bottle(w, h, BACKDROP);
    }

    static Photo bottle(int w, int h, Color backdrop) {
        Shape shape = shape(w, h);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(backdrop);
        g.fillRect(0, 0, w, h);
        g.setClip(shape);
        int cell = Math.max(4, w / 160);
        for (int y = 0; y < h; y += cell) {
            for (int x = 0; x < w; x += cell) {
                g.setColor(((x + y) / cell) % 2 == 0 ? RED : YELLOW);
                g.fillRect(x, y, cell, cell);
            }
        }
        g.dispose();
        // The truth is what was drawn: the product is every pixel the texture painted.
        float[] mask = new float[w * h];
        int bg = backdrop.getRGB() & 0xFFFFFF;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                mask[y * w + x] = (img.getRGB(x, y) & 0xFFFFFF) != bg ? 1f : 0f;
            }
        }
        return new Photo(img, mask);
    }

    /** A body (rounded rectangle) with a round cap: about 40% of the width and 70% of the height. */
    static Shape shape(int w, int h) {
        double bw = w * 0.40, bh = h * 0.55;
        double bx = (w - bw) / 2, by = h * 0.30;
        Area a = new Area(new RoundRectangle2D.Double(bx, by, bw, bh, bw * 0.25, bw * 0.25));
        double cap = w * 0.18;
        a.add(new Area(new Ellipse2D.Double((w - cap) / 2, by - cap * 0.8, cap, cap)));
        return a;
    }
}
