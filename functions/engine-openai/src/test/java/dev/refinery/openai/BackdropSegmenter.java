package dev.refinery.openai;

import dev.refinery.engine.ProductSegmenter;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Map;

/**
 * A segmenter for the tests' synthetic photos: the backdrop is the median colour of the border,
 * the product is every pixel clearly different from it. Exact on uniform backdrops, which is what
 * the tests use; production injects the classic engine's segmenter.
 */
final class BackdropSegmenter implements ProductSegmenter {
    private static final int THRESHOLD = 90;

    @Override
    public float[] segment(BufferedImage image, Map<String, String> hints) {
        int w = image.getWidth(), h = image.getHeight();
        int bg = borderMedian(image);
        float[] mask = new float[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int d = Math.abs(((p >> 16) & 0xFF) - ((bg >> 16) & 0xFF)) + Math.abs(((p >> 8) & 0xFF) - ((bg >> 8) & 0xFF))
                        + Math.abs((p & 0xFF) - (bg & 0xFF));
                mask[y * w + x] = d > THRESHOLD ? 1f : 0f;
            }
        }
        return mask;
    }

    private static int borderMedian(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        int n = 2 * w + 2 * (h - 2);
        int[] r = new int[n], g = new int[n], b = new int[n];
        int k = 0;
        for (int x = 0; x < w; x++) {
            for (int y : new int[] {0, h - 1}) {
                int p = img.getRGB(x, y);
                r[k] = (p >> 16) & 0xFF;
                g[k] = (p >> 8) & 0xFF;
                b[k++] = p & 0xFF;
            }
        }
        for (int y = 1; y < h - 1; y++) {
            for (int x : new int[] {0, w - 1}) {
                int p = img.getRGB(x, y);
                r[k] = (p >> 16) & 0xFF;
                g[k] = (p >> 8) & 0xFF;
                b[k++] = p & 0xFF;
            }
        }
        Arrays.sort(r);
        Arrays.sort(g);
        Arrays.sort(b);
        return (r[n / 2] << 16) | (g[n / 2] << 8) | b[n / 2];
    }
}
