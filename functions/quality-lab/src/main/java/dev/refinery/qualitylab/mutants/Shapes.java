package dev.refinery.qualitylab.mutants;

import dev.refinery.color.ArgbPixels;
import dev.refinery.color.ColorMath;
import dev.refinery.color.Masks;
import java.awt.image.BufferedImage;

/** Binary mask operations and colour conversions the mutations need. */
final class Shapes {
    private Shapes() {
    }

    static boolean[] erode(boolean[] m, int w, int h, int r) {
        boolean[] inv = new boolean[m.length];
        for (int i = 0; i < m.length; i++) inv[i] = !m[i];
        boolean[] grown = Masks.dilate(inv, w, h, r);
        for (int i = 0; i < m.length; i++) grown[i] = !grown[i];
        return grown;
    }

    static boolean[] or(boolean[] a, boolean[] b) {
        boolean[] out = new boolean[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] || b[i];
        return out;
    }

    /** Area-averaged reduction by an integer factor, alpha-weighted colours, alpha kept. */
    static BufferedImage shrink(BufferedImage img, int f) {
        ArgbPixels p = ArgbPixels.of(img);
        int w = p.width() / f, h = p.height() / f;
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double a = 0, r = 0, g = 0, b = 0;
                for (int dy = 0; dy < f; dy++) {
                    for (int dx = 0; dx < f; dx++) {
                        int c = p.argb()[(y * f + dy) * p.width() + x * f + dx];
                        double al = (c >>> 24) / 255.0;
                        a += al;
                        r += al * ColorMath.toLinear(c >> 16);
                        g += al * ColorMath.toLinear(c >> 8);
                        b += al * ColorMath.toLinear(c);
                    }
                }
                int alpha = (int) Math.round(a / (f * f) * 255);
                out[y * w + x] = a == 0 ? 0 : (alpha << 24) | (ColorMath.fromLinear(r / a) << 16) | (ColorMath.fromLinear(g / a) << 8) | ColorMath.fromLinear(b / a);
            }
        }
        boolean opaque = !img.getColorModel().hasAlpha();
        BufferedImage res = new BufferedImage(w, h, opaque ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
        res.getRaster().setDataElements(0, 0, w, h, out);
        return res;
    }

    /** D65 Lab back to packed sRGB (clipped). */
    static int labToRgb(double l, double a, double b) {
        double fy = (l + 16) / 116, fx = fy + a / 500, fz = fy - b / 200;
        double x = 0.95047 * finv(fx), y = finv(fy), z = 1.08883 * finv(fz);
        double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        return (ColorMath.fromLinear(Math.max(0, r)) << 16) | (ColorMath.fromLinear(Math.max(0, g)) << 8) | ColorMath.fromLinear(Math.max(0, bl));
    }

    private static double finv(double t) {
        return t > 6.0 / 29 ? t * t * t : 3 * (6.0 / 29) * (6.0 / 29) * (t - 4.0 / 29);
    }
}
