package dev.refinery.openai;

import dev.refinery.color.ArgbPixels;
import dev.refinery.color.ColorMath;
import java.awt.image.BufferedImage;

/**
 * The detail step's colour lock: the model's lightness (CIE L*, where sharpening, denoising and texture live) with the
 * input's chroma (a*, b*) pixel by pixel. A model that redraws the product can move the hue of one part of it — a
 * label's ground, a cap — by a few ΔE, which no colour statistic separates from a faithful re-render (docs/decisions.md,
 * round 15: every test tried overlapped); with the input's chroma kept, that change cannot reach the final at all.
 * Alpha is the model's answer's (the caller restores the cut-out's).
 */
final class ChromaLock {
    private ChromaLock() {
    }

    static BufferedImage apply(BufferedImage model, BufferedImage input) {
        int w = input.getWidth(), h = input.getHeight();
        if (model.getWidth() != w || model.getHeight() != h) {
            throw new IllegalArgumentException("the model's answer was not mapped back to the input's size");
        }
        int[] m = ArgbPixels.of(model).argb(), in = ArgbPixels.of(input).argb();
        int[] out = new int[m.length];
        for (int i = 0; i < m.length; i++) {
            int a = m[i] & 0xFFFFFF, b = in[i] & 0xFFFFFF;
            if (a == b) {
                out[i] = m[i];
                continue;
            }
            double[] lm = ColorMath.rgbToLab(a), li = ColorMath.rgbToLab(b);
            out[i] = (m[i] & 0xFF000000) | (ColorMath.labToRgb(new double[] {lm[0], li[1], li[2]}) & 0xFFFFFF);
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, w, h, out, 0, w);
        return img;
    }
}
