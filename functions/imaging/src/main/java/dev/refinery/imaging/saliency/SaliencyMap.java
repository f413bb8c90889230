package dev.refinery.imaging.saliency;

/**
 * A salient-object model's answer for one photo: for each cell of its grid (the whole photo squeezed into
 * {@code width × height}), how likely the cell is the photo's subject, 0..1.
 *
 * @param probability row-major, {@code width * height} values
 */
public record SaliencyMap(float[] probability, int width, int height) {

    public SaliencyMap {
        if (probability.length != width * height) {
            throw new IllegalArgumentException("a " + width + "×" + height + " map needs " + width * height + " values, not " + probability.length);
        }
    }

    /** The map on another grid covering the same photo (bilinear, cell centres aligned). */
    public float[] resampled(int w, int h) {
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = at((x + 0.5) / w, (y + 0.5) / h);
            }
        }
        return out;
    }

    /** The map at a point of the photo given as fractions of its width and height (bilinear). */
    public float at(double u, double v) {
        double fx = Math.max(0, Math.min(width - 1, u * width - 0.5));
        double fy = Math.max(0, Math.min(height - 1, v * height - 0.5));
        int x0 = (int) fx, x1 = Math.min(width - 1, x0 + 1);
        int y0 = (int) fy, y1 = Math.min(height - 1, y0 + 1);
        double tx = fx - x0, ty = fy - y0;
        double top = probability[y0 * width + x0] * (1 - tx) + probability[y0 * width + x1] * tx;
        double bottom = probability[y1 * width + x0] * (1 - tx) + probability[y1 * width + x1] * tx;
        return (float) (top * (1 - ty) + bottom * ty);
    }
}
