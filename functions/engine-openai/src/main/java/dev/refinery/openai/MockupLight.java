package dev.refinery.openai;

import dev.refinery.color.ColorMath;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * What a mockup scene borrows from the product photo and adds around the locked product: the side the light comes
 * from (so the painted scene does not light the product from one side and its surroundings from the other), and a
 * soft contact shadow under it (the product is pasted in, so the model's scene has no shadow of it).
 */
final class MockupLight {
    /** One half of the product brighter than the other by this factor (linear luminance) reads as light from that side. */
    static final double SIDE_RATIO = 1.12;
    /** How dark the contact shadow is at its centre (share of the scene's light taken away). */
    static final double SHADOW_DEPTH = 0.35;

    private MockupLight() {
    }

    /** "left", "right" or "front": the brighter half of the product in the photo, or neither by {@link #SIDE_RATIO}. */
    static String from(BufferedImage photo, float[] alpha) {
        int w = photo.getWidth(), h = photo.getHeight();
        Rectangle box = dev.refinery.color.Masks.boundingBox(alpha, w, h, 0.9);
        if (box.isEmpty()) {
            return "front";
        }
        double[] sum = new double[2];
        long[] n = new long[2];
        int mid = box.x + box.width / 2;
        for (int y = box.y; y < box.y + box.height; y++) {
            for (int x = box.x; x < box.x + box.width; x++) {
                if (alpha[y * w + x] < 0.9f || x == mid) {
                    continue;
                }
                int p = photo.getRGB(x, y), side = x < mid ? 0 : 1;
                sum[side] += 0.2126 * ColorMath.toLinear(p >> 16) + 0.7152 * ColorMath.toLinear(p >> 8) + 0.0722 * ColorMath.toLinear(p);
                n[side]++;
            }
        }
        if (n[0] == 0 || n[1] == 0) {
            return "front";
        }
        double left = sum[0] / n[0], right = sum[1] / n[1];
        return left > SIDE_RATIO * right ? "left" : right > SIDE_RATIO * left ? "right" : "front";
    }

    /**
     * A soft shadow under the product on {@code scene} (same size as {@code alpha}), outside the product: an ellipse
     * at its foot as wide as 90 % of it, leaning away from the light (a camera looking down from above: the product's own outline, offset by 2 % of
     * its size away from the light), darkening by up to {@link #SHADOW_DEPTH} with a Gaussian fall-off.
     */
    static BufferedImage contactShadow(BufferedImage scene, float[] alpha, boolean fromAbove, String light) {
        int w = scene.getWidth(), h = scene.getHeight();
        Rectangle box = dev.refinery.color.Masks.boundingBox(alpha, w, h, 0.5);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(scene, 0, 0, null);
        if (box.isEmpty()) {
            return out;
        }
        double size = Math.max(box.width, box.height);
        int dx = fromAbove ? (int) Math.round(0.02 * size * (light.equals("left") ? 1 : light.equals("right") ? -1 : 0)) : 0;
        int dy = fromAbove ? (int) Math.round(0.02 * size) : 0;
        // the shadow leans a little away from the light (12 % of the product's width)
        double away = light.equals("left") ? 1 : light.equals("right") ? -1 : 0;
        double cx = box.x + box.width / 2.0 + away * 0.12 * box.width, cy = box.y + box.height - 1;
        double rx = 0.45 * box.width, ry = Math.max(3, 0.04 * box.height);
        double soft = Math.max(2, 0.03 * size);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (alpha[y * w + x] >= 0.5f) {
                    continue;
                }
                double shade;
                if (fromAbove) {
                    int sx = x - dx, sy = y - dy;
                    shade = sx >= 0 && sy >= 0 && sx < w && sy < h && alpha[sy * w + sx] >= 0.5f ? 1 : 0;
                } else {
                    double ex = (x - cx) / rx, ey = (y - cy) / ry;
                    double r2 = ex * ex + ey * ey;
                    shade = r2 > 9 ? 0 : Math.exp(-r2);
                }
                if (shade <= 0) {
                    continue;
                }
                double k = 1 - SHADOW_DEPTH * shade * (fromAbove ? 0.6 : 1);
                int p = out.getRGB(x, y);
                int r = (int) Math.round(((p >> 16) & 0xFF) * k), g = (int) Math.round(((p >> 8) & 0xFF) * k), b = (int) Math.round((p & 0xFF) * k);
                out.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return out;
    }
}
