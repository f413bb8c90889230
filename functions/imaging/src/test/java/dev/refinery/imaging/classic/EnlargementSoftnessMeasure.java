package dev.refinery.imaging.classic;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The measurement behind {@link dev.refinery.domain.Preset#PRINT_SOURCE_PX} (run with {@code -Dmeasure=enlargement}):
 * small label text rendered sharp at canvas resolution, reduced by a factor f (what a seller's
 * photo of the product holds) and enlarged back by the finisher's Catmull-Rom kernel; SSIM of the
 * luminance against the sharp render, the "label detail kept" measure (kept at ≥ 0.80).
 */
class EnlargementSoftnessMeasure {
    @Test
    void measure() {
        assumeTrue("enlargement".equals(System.getProperty("measure")), "-Dmeasure=enlargement to run the measurement");
        int size = 720;
        for (int glyph : new int[] {14, 20, 28}) {
            float[] truth = label(size, glyph);
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "glyph %2d canvas px:", glyph));
            for (double f : new double[] {1.5, 2, 2.5, 3, 3.5, 4, 5, 6}) {
                int small = (int) Math.round(size / f);
                float[][] reduced = Resampler.shrink(new float[][] {truth}, size, size, small, small);
                double s = size / (double) small;
                Resampler.Taps xs = Resampler.taps(small, size, s, 0, Resampler.Kernel.CATMULL_ROM, false);
                float[] back = Resampler.resample(reduced, small, small, xs, xs)[0];
                sb.append(String.format(Locale.ROOT, "  f=%.1f (%.1f src px) SSIM %.3f", f, glyph / f, ssim(truth, back, size, size)));
            }
            System.out.println(sb);
        }
    }

    private static float[] label(int size, int glyph) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(238, 238, 238));
        g.fillRect(0, 0, size, size);
        g.setColor(new Color(30, 30, 30));
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(glyph / 0.72)));
        String text = "Ingredients: aqua, glycerin, sodium benzoate 0.5% NET WT 250 ml Lot 24B7 ";
        for (int y = glyph + 4; y < size; y += (int) (glyph * 1.6)) {
            g.drawString(text + text, -((y * 7) % 50), y);
        }
        g.dispose();
        float[] out = new float[size * size];
        for (int i = 0; i < out.length; i++) {
            out[i] = img.getRaster().getSample(i % size, i / size, 0);
        }
        return out;
    }

    /** Mean SSIM over 8×8 windows (step 4), 8-bit constants. */
    static double ssim(float[] a, float[] b, int w, int h) {
        double c1 = Math.pow(0.01 * 255, 2), c2 = Math.pow(0.03 * 255, 2), sum = 0;
        int n = 0;
        for (int y = 0; y + 8 <= h; y += 4) {
            for (int x = 0; x + 8 <= w; x += 4) {
                double ma = 0, mb = 0, va = 0, vb = 0, cov = 0;
                for (int j = 0; j < 8; j++) {
                    for (int i = 0; i < 8; i++) {
                        int k = (y + j) * w + x + i;
                        ma += a[k];
                        mb += b[k];
                    }
                }
                ma /= 64;
                mb /= 64;
                for (int j = 0; j < 8; j++) {
                    for (int i = 0; i < 8; i++) {
                        int k = (y + j) * w + x + i;
                        va += (a[k] - ma) * (a[k] - ma);
                        vb += (b[k] - mb) * (b[k] - mb);
                        cov += (a[k] - ma) * (b[k] - mb);
                    }
                }
                va /= 63;
                vb /= 63;
                cov /= 63;
                sum += (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                n++;
            }
        }
        return sum / n;
    }
}
