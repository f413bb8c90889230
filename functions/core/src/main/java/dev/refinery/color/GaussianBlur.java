package dev.refinery.color;

/**
 * A separable Gaussian blur of a float plane (row-major, w × h), edges clamped: the engine's detail stage and the
 * synthetic camera's lens softness share it, so both blur alike to the bit.
 */
public final class GaussianBlur {
    private GaussianBlur() {
    }

    /** Weights over [-r, r], r = max(1, ceil(3 sigma)), summing to one. */
    public static float[] kernel(double sigma) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        return k;
    }

    public static float[] blur(float[] src, int w, int h, double sigma) {
        float[] k = kernel(sigma);
        int r = k.length / 2;
        float[] tmp = new float[w * h];
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                float acc = 0;
                if (x >= r && x < w - r) {
                    // away from the edges no index needs clamping
                    int base = row + x - r;
                    for (int j = 0; j < k.length; j++) {
                        acc += k[j] * src[base + j];
                    }
                } else {
                    for (int j = -r; j <= r; j++) {
                        int xx = Math.min(w - 1, Math.max(0, x + j));
                        acc += k[j + r] * src[row + xx];
                    }
                }
                tmp[row + x] = acc;
            }
        }
        // the column pass adds whole rows, which walks memory in order
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int j = -r; j <= r; j++) {
                int yy = Math.min(h - 1, Math.max(0, y + j)) * w;
                float kj = k[j + r];
                for (int x = 0; x < w; x++) {
                    out[row + x] += kj * tmp[yy + x];
                }
            }
        }
        return out;
    }
}
