package dev.refinery.quality;

import dev.refinery.color.ArgbPixels;
import dev.refinery.color.ColorMath;
import java.awt.Rectangle;

/**
 * The product's pixels of the seller's photo and of the final side by side on one grid over the
 * photo: each grid point is a block of {@code step}×{@code step} photo pixels (averaged) and the
 * final's pixel at the same place (bilinear through finalize's {@link Placement}). The grid is no
 * finer than the final (a downscaled final is compared with the photo averaged to its scale) and
 * holds at most {@value #MAX_POINTS} points (about 1.2 Mpx: 40–60 ms here whatever the photo's size).
 */
final class PhotoSamples {
    static final int MAX_POINTS = 1_200_000;

    final int gw, gh, step;
    final Rectangle box;
    /** Linear RGB of the photo, the final and (when asked) the master at each grid point, planar. */
    final float[][] base, fin, master;
    /** The master's alpha (the cut-out) at each grid point. */
    final float[] alpha;
    /** Perceptual luma (0..255) of the photo and of the final at each grid point. */
    final float[] baseLuma, finLuma;

    private PhotoSamples(int gw, int gh, int step, Rectangle box, float[][] base, float[][] fin, float[][] master, float[] alpha) {
        this.gw = gw;
        this.gh = gh;
        this.step = step;
        this.box = box;
        this.base = base;
        this.fin = fin;
        this.master = master;
        this.alpha = alpha;
        this.baseLuma = new float[alpha.length];
        this.finLuma = new float[alpha.length];
        for (int i = 0; i < alpha.length; i++) {
            baseLuma[i] = luma(base, i);
            finLuma[i] = luma(fin, i);
        }
    }

    static PhotoSamples of(BaseEvidence ev, float[] masterAlpha, ArgbPixels finalImage, Placement p, Rectangle box, boolean withMaster) {
        int step = Math.max(1, (int) Math.round(1 / p.scale()));
        step = Math.max(step, (int) Math.ceil(Math.sqrt(box.width * (double) box.height / MAX_POINTS)));
        int gw = Math.max(1, box.width / step), gh = Math.max(1, box.height / step);
        int n = gw * gh;
        float[][] base = new float[3][n], fin = new float[3][n], master = withMaster ? new float[3][n] : null;
        float[] alpha = new float[n];
        int w = ev.base().width();
        int[] bp = ev.base().argb(), mp = ev.master().argb(), fp = finalImage.argb();
        int fw = finalImage.width(), fh = finalImage.height();
        float inv = 1f / (step * step);
        for (int gy = 0; gy < gh; gy++) {
            int y0 = box.y + gy * step;
            double cy = p.canvasY(y0 + step / 2.0) - 0.5;
            for (int gx = 0; gx < gw; gx++) {
                int x0 = box.x + gx * step;
                int i = gy * gw + gx;
                float r = 0, g = 0, b = 0, a = 0, mr = 0, mg = 0, mb = 0;
                for (int y = y0; y < y0 + step; y++) {
                    int row = y * w;
                    for (int x = x0; x < x0 + step; x++) {
                        int c = bp[row + x];
                        r += (float) ColorMath.toLinear(c >> 16);
                        g += (float) ColorMath.toLinear(c >> 8);
                        b += (float) ColorMath.toLinear(c);
                        a += masterAlpha[row + x];
                        if (withMaster) {
                            int m = mp[row + x];
                            mr += (float) ColorMath.toLinear(m >> 16);
                            mg += (float) ColorMath.toLinear(m >> 8);
                            mb += (float) ColorMath.toLinear(m);
                        }
                    }
                }
                base[0][i] = r * inv;
                base[1][i] = g * inv;
                base[2][i] = b * inv;
                alpha[i] = a * inv;
                if (withMaster) {
                    master[0][i] = mr * inv;
                    master[1][i] = mg * inv;
                    master[2][i] = mb * inv;
                }
                double cx = p.canvasX(x0 + step / 2.0) - 0.5;
                bilinear(fp, fw, fh, cx, cy, fin, i);
            }
        }
        return new PhotoSamples(gw, gh, step, box, base, fin, master, alpha);
    }

    private static void bilinear(int[] px, int w, int h, double x, double y, float[][] out, int i) {
        x = Math.max(0, Math.min(w - 1.001, x));
        y = Math.max(0, Math.min(h - 1.001, y));
        int x0 = (int) x, y0 = (int) y;
        float fx = (float) (x - x0), fy = (float) (y - y0);
        int p00 = px[y0 * w + x0], p10 = px[y0 * w + x0 + 1], p01 = px[(y0 + 1) * w + x0], p11 = px[(y0 + 1) * w + x0 + 1];
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * c;
            float v00 = (float) ColorMath.toLinear(p00 >> shift), v10 = (float) ColorMath.toLinear(p10 >> shift);
            float v01 = (float) ColorMath.toLinear(p01 >> shift), v11 = (float) ColorMath.toLinear(p11 >> shift);
            out[c][i] = (v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy;
        }
    }

    /** Perceptual luma (0..255, gamma encoded) of a linear RGB point. */
    static float luma(float[][] rgb, int i) {
        double y = 0.2126 * rgb[0][i] + 0.7152 * rgb[1][i] + 0.0722 * rgb[2][i];
        return ENCODE[(int) Math.max(0, Math.min(ENCODE.length - 1, y * (ENCODE.length - 1) + 0.5))];
    }

    /** sRGB encoding of linear light in 4096 steps (a table: a million points per check). */
    private static final float[] ENCODE = new float[4096];

    static {
        for (int i = 0; i < ENCODE.length; i++) {
            double c = i / (double) (ENCODE.length - 1);
            ENCODE[i] = (float) (255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055));
        }
    }
}
