package dev.refinery.imaging.classic;

import dev.refinery.color.ArgbPixels;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** Bulk pixel access: images as packed ARGB arrays (never per-pixel getRGB). */
final class Pixels {
    private Pixels() {
    }

    /** The red, green and blue of the pixels inside {@code roi} (row by row), each 0..1. */
    static float[][] channels(int[] px, int w, java.awt.Rectangle roi) {
        int rw = roi.width, n = rw * roi.height;
        float[][] c = new float[3][n];
        for (int y = 0; y < roi.height; y++) {
            for (int x = 0; x < rw; x++) {
                int i = y * rw + x, p = px[(roi.y + y) * w + roi.x + x];
                c[0][i] = ((p >> 16) & 0xFF) / 255f;
                c[1][i] = ((p >> 8) & 0xFF) / 255f;
                c[2][i] = (p & 0xFF) / 255f;
            }
        }
        return c;
    }

    /** A copy of the image's pixels as packed ARGB (alpha 255 when the image has none). */
    static int[] argb(BufferedImage img) {
        return ArgbPixels.read(img);
    }

    /** Whether some pixel is not fully opaque. */
    static boolean hasTransparency(int[] argb) {
        for (int p : argb) {
            if ((p >>> 24) != 255) {
                return true;
            }
        }
        return false;
    }

    static BufferedImage toImage(int[] argb, int w, int h, boolean alpha) {
        BufferedImage out = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] data = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        if (alpha) {
            System.arraycopy(argb, 0, data, 0, data.length);
        } else {
            for (int i = 0; i < data.length; i++) {
                data[i] = argb[i] & 0xFFFFFF;
            }
        }
        return out;
    }

    static float[] alpha(int[] argb) {
        return ArgbPixels.alpha(argb);
    }

    static int clamp8(float v) {
        return v <= 0 ? 0 : v >= 255 ? 255 : (int) (v + 0.5f);
    }

    static int clamp8(double v) {
        return v <= 0 ? 0 : v >= 255 ? 255 : (int) (v + 0.5);
    }
}
