package dev.refinery.imaging.classic;

/** Fast sRGB transfer functions by table lookup. */
final class Srgb {
    /** 8-bit sRGB to linear light in 0..1. */
    static final float[] TO_LINEAR = new float[256];
    private static final int ENCODE_BITS = 14;
    private static final int ENCODE_SIZE = 1 << ENCODE_BITS;
    /** Linear light (quantised to 14 bits) to 8-bit sRGB. */
    private static final byte[] FROM_LINEAR = new byte[ENCODE_SIZE + 1];

    static {
        for (int i = 0; i < 256; i++) {
            double c = i / 255.0;
            TO_LINEAR[i] = (float) (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
        }
        for (int i = 0; i <= ENCODE_SIZE; i++) {
            double l = i / (double) ENCODE_SIZE;
            double c = l <= 0.0031308 ? 12.92 * l : 1.055 * Math.pow(l, 1 / 2.4) - 0.055;
            FROM_LINEAR[i] = (byte) Math.round(c * 255);
        }
    }

    private Srgb() {
    }

    static int encode(float linear) {
        if (linear <= 0) {
            return 0;
        }
        if (linear >= 1) {
            return 255;
        }
        // Low values are steep in sRGB: interpolate exactly there, the table is fine elsewhere.
        if (linear < 0.0031308f) {
            return (int) (12.92f * linear * 255 + 0.5f);
        }
        return FROM_LINEAR[(int) (linear * ENCODE_SIZE + 0.5f)] & 0xFF;
    }

    /** Relative luminance (Rec. 709) of linear RGB. */
    static float luminance(float r, float g, float b) {
        return 0.2126f * r + 0.7152f * g + 0.0722f * b;
    }
}
