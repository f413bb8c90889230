package dev.refinery.imaging.classic;

import java.awt.image.BufferedImage;
import java.util.Map;

/** Compares a finished canvas with the photo's truth mask mapped through the finisher's parameters. */
final class FinalInspection {
    private FinalInspection() {
    }

    /** The truth mask on the canvas: true where the (scaled) product has any coverage. */
    static boolean[] truthOnCanvas(float[] truthAlpha, int sw, int sh, Map<String, String> params, int cw, int ch) {
        double scale = Double.parseDouble(params.get("scale"));
        String[] crop = params.get("crop").split(",");
        double bx = Double.parseDouble(crop[0]), by = Double.parseDouble(crop[1]);
        double ox = Double.parseDouble(params.get("offsetX")), oy = Double.parseDouble(params.get("offsetY"));
        boolean[] out = new boolean[cw * ch];
        for (int y = 0; y < ch; y++) {
            double sy = by + (y + 0.5 - oy) / scale;
            int y0 = (int) Math.floor(sy - 0.5), y1 = y0 + 1;
            for (int x = 0; x < cw; x++) {
                double sx = bx + (x + 0.5 - ox) / scale;
                int x0 = (int) Math.floor(sx - 0.5), x1 = x0 + 1;
                out[y * cw + x] = covered(truthAlpha, sw, sh, x0, y0) || covered(truthAlpha, sw, sh, x1, y0)
                        || covered(truthAlpha, sw, sh, x0, y1) || covered(truthAlpha, sw, sh, x1, y1);
            }
        }
        return out;
    }

    private static boolean covered(float[] a, int w, int h, int x, int y) {
        return x >= 0 && y >= 0 && x < w && y < h && a[y * w + x] > 0.01f;
    }

    /** Chebyshev distance of every pixel to the nearest true pixel (two-pass chamfer). */
    static int[] distance(boolean[] mask, int w, int h) {
        int inf = 1 << 20;
        int[] d = new int[w * h];
        for (int i = 0; i < d.length; i++) {
            d[i] = mask[i] ? 0 : inf;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x, v = d[i];
                if (x > 0) v = Math.min(v, d[i - 1] + 1);
                if (y > 0) {
                    v = Math.min(v, d[i - w] + 1);
                    if (x > 0) v = Math.min(v, d[i - w - 1] + 1);
                    if (x < w - 1) v = Math.min(v, d[i - w + 1] + 1);
                }
                d[i] = v;
            }
        }
        for (int y = h - 1; y >= 0; y--) {
            for (int x = w - 1; x >= 0; x--) {
                int i = y * w + x, v = d[i];
                if (x < w - 1) v = Math.min(v, d[i + 1] + 1);
                if (y < h - 1) {
                    v = Math.min(v, d[i + w] + 1);
                    if (x < w - 1) v = Math.min(v, d[i + w + 1] + 1);
                    if (x > 0) v = Math.min(v, d[i + w - 1] + 1);
                }
                d[i] = v;
            }
        }
        return d;
    }

    /** The largest distance from the product's truth at which a pixel is not exactly the background colour, and where: {distance, x, y}. */
    static int[] farthestImpure(BufferedImage finalImage, boolean[] truth, int background) {
        int w = finalImage.getWidth(), h = finalImage.getHeight();
        int[] d = distance(truth, w, h);
        int[] px = new int[w * h];
        finalImage.getRGB(0, 0, w, h, px, 0, w);
        int[] worst = {0, -1, -1};
        for (int i = 0; i < px.length; i++) {
            if ((px[i] & 0xFFFFFF) != (background & 0xFFFFFF) && d[i] > worst[0]) {
                worst = new int[] {d[i], i % w, i / w};
            }
        }
        return worst;
    }
}
