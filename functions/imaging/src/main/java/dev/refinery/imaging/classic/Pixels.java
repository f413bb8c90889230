package dev.refinery.imaging.classic;

import dev.refinery.color.ArgbPixels;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** Bulk pixel access: images as packed ARGB arrays (never per-pixel getRGB). */
final class Pixels {
    private Pixels() {
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
