package dev.refinery.samples;

/** Channel gains of a wrong white balance, applied in linear light (the largest gain is 1: no clipping). */
public enum ColorCast {
    NONE(1, 1, 1), WARM(1.0, 0.86, 0.66), COOL(0.74, 0.88, 1.0), GREEN(0.82, 1.0, 0.80);

    private final double r, g, b;

    ColorCast(double r, double g, double b) {
        this.r = r;
        this.g = g;
        this.b = b;
    }

    public double[] gains() {
        return new double[] {r, g, b};
    }
}
