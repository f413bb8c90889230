package dev.refinery.samples;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * A synthetic seller photo with its known truth.
 *
 * @param photo      what the seller's camera delivered (TYPE_INT_RGB): colour cast, exposure error,
 *                   vignetting, lens softness and sensor noise applied to the scene
 * @param truth      the same scene under neutral light, properly exposed, without noise or
 *                   vignetting (TYPE_INT_RGB): the true colours of product and backdrop
 * @param truthAlpha the product's coverage per pixel in 0..1, row-major (holes such as a mug's
 *                   handle opening are background, 0)
 */
public record SamplePhoto(String name, SampleSpec spec, BufferedImage photo, BufferedImage truth, float[] truthAlpha) {

    public int width() {
        return photo.getWidth();
    }

    public int height() {
        return photo.getHeight();
    }

    /** The product in its true colours on a transparent background (TYPE_INT_ARGB). */
    public BufferedImage truthCutout() {
        int w = width(), h = height();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int[] src = ((DataBufferInt) truth.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < dst.length; i++) {
            int a = Math.round(truthAlpha[i] * 255);
            dst[i] = (a << 24) | (src[i] & 0xFFFFFF);
        }
        return out;
    }

    /** Share of the photo covered by the product (alpha at least 0.5). */
    public double productShare() {
        int n = 0;
        for (float a : truthAlpha) {
            if (a >= 0.5f) {
                n++;
            }
        }
        return n / (double) truthAlpha.length;
    }
}
