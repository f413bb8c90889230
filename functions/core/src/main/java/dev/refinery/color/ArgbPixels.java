package dev.refinery.color;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.util.Arrays;

/**
 * An image's pixels as one packed, non-premultiplied sRGB ARGB array (alpha 255 where the image has none).
 *
 * <p>Why not {@code BufferedImage.getRGB}: it converts every pixel through the colour model's
 * generic per-pixel path, which profiling showed to be a quarter of a refinement's CPU time on the
 * images the pipeline actually handles (JPEG decodes as 3-byte BGR, our PNG versions as 4-byte ABGR).
 * The layouts the JDK's decoders produce are read straight from the data buffer; anything else
 * (premultiplied, grey with its linear colour space, ICC-tagged, sub-images) goes through
 * {@code getRGB}, so the result is always exactly what {@code getRGB} would return.
 */
public record ArgbPixels(int width, int height, int[] argb) {

    public ArgbPixels {
        if (argb.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " pixels, got " + argb.length);
        }
    }

    public static ArgbPixels of(BufferedImage img) {
        return new ArgbPixels(img.getWidth(), img.getHeight(), read(img));
    }

    /** Alpha in 0..1, row-major. */
    public float[] alpha() {
        return alpha(argb);
    }

    /** The alpha of packed ARGB pixels in 0..1. */
    public static float[] alpha(int[] argb) {
        float[] a = new float[argb.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = (argb[i] >>> 24) / 255f;
        }
        return a;
    }

    public static int[] read(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        int[] out = new int[w * h];
        Raster raster = img.getRaster();
        boolean unshifted = raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && raster.getDataBuffer().getOffset() == 0 && raster.getDataBuffer().getNumBanks() == 1;
        int type = img.getType();
        if (unshifted && (type == BufferedImage.TYPE_INT_ARGB || type == BufferedImage.TYPE_INT_RGB)
                && raster.getSampleModel() instanceof SinglePixelPackedSampleModel sm && sm.getScanlineStride() == w) {
            int[] data = ((DataBufferInt) raster.getDataBuffer()).getData();
            System.arraycopy(data, 0, out, 0, out.length);
            if (type == BufferedImage.TYPE_INT_RGB) {
                for (int i = 0; i < out.length; i++) {
                    out[i] |= 0xFF000000;
                }
            }
            return out;
        }
        if (unshifted && (type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_4BYTE_ABGR)
                && raster.getSampleModel() instanceof ComponentSampleModel sm) {
            int stride = type == BufferedImage.TYPE_3BYTE_BGR ? 3 : 4;
            int[] expectedOffsets = stride == 3 ? new int[]{2, 1, 0} : new int[]{3, 2, 1, 0};
            if (sm.getPixelStride() == stride && sm.getScanlineStride() == w * stride
                    && Arrays.equals(sm.getBandOffsets(), expectedOffsets)) {
                byte[] d = ((DataBufferByte) raster.getDataBuffer()).getData();
                if (stride == 3) {
                    for (int i = 0, o = 0; i < out.length; i++, o += 3) {
                        out[i] = 0xFF000000 | (d[o + 2] & 0xFF) << 16 | (d[o + 1] & 0xFF) << 8 | (d[o] & 0xFF);
                    }
                } else {
                    for (int i = 0, o = 0; i < out.length; i++, o += 4) {
                        out[i] = (d[o] & 0xFF) << 24 | (d[o + 3] & 0xFF) << 16 | (d[o + 2] & 0xFF) << 8 | (d[o + 1] & 0xFF);
                    }
                }
                return out;
            }
        }
        img.getRGB(0, 0, w, h, out, 0, w);
        return out;
    }
}
