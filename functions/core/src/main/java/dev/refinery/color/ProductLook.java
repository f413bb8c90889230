package dev.refinery.color;

/**
 * The product's look in one number triple: the mean CIELAB (D65) of the opaque pixels of a cut-out master, every
 * {@value #STEP}th pixel each way. What a set's images are compared by: the views of one product, refined alike, keep
 * their lightness and cast within a few units of each other where the photos did. Measured (/tmp bench, 2 shared
 * cores, CI running beside it): every 2nd pixel took 60 ms on a 12 MP master and 9 ms on 1600×1200, added to every
 * quality check; every 4th, 15 ms and 2.4 ms, still tens of thousands of samples or more for a mean.
 */
public final class ProductLook {
    static final int STEP = 4;

    private ProductLook() {
    }

    /** The mean L*, a*, b* of the opaque pixels; null when fewer than 100 are opaque. */
    public static double[] meanLab(ArgbPixels master) {
        double l = 0, a = 0, b = 0;
        long n = 0;
        int[] px = master.argb();
        for (int y = 0; y < master.height(); y += STEP) {
            for (int x = 0, i = y * master.width(); x < master.width(); x += STEP, i += STEP) {
                if ((px[i] >>> 24) < 255) {
                    continue;
                }
                double[] lab = ColorMath.rgbToLab(px[i] & 0xFFFFFF);
                l += lab[0];
                a += lab[1];
                b += lab[2];
                n++;
            }
        }
        return n < 100 ? null : new double[] {l / n, a / n, b / n};
    }
}
