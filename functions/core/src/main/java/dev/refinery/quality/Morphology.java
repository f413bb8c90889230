package dev.refinery.quality;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** Distances and pieces of a cut-out's alpha, binarised at 0.5. */
final class Morphology {
    private Morphology() {
    }

    /**
     * Pixels at least {@code r} (Chebyshev) inside the product ({@code inside}) or outside it: a
     * square erosion of the set, separable, by running lengths along rows and then columns.
     */
    static boolean[] within(float[] a, int w, int h, int r, boolean inside) {
        boolean[] row = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            int run = 0;
            int[] left = new int[w];
            for (int x = 0; x < w; x++) {
                run = (a[y * w + x] >= 0.5f) == inside ? run + 1 : 0;
                left[x] = run;
            }
            run = 0;
            for (int x = w - 1; x >= 0; x--) {
                run = (a[y * w + x] >= 0.5f) == inside ? run + 1 : 0;
                row[y * w + x] = left[x] > r && run > r;
            }
        }
        boolean[] out = new boolean[w * h];
        int[] up = new int[h];
        for (int x = 0; x < w; x++) {
            int run = 0;
            for (int y = 0; y < h; y++) {
                run = row[y * w + x] ? run + 1 : 0;
                up[y] = run;
            }
            run = 0;
            for (int y = h - 1; y >= 0; y--) {
                run = row[y * w + x] ? run + 1 : 0;
                out[y * w + x] = up[y] > r && run > r;
            }
        }
        return out;
    }

    /** The pixel count of every 8-connected piece of the product. */
    static int[] componentSizes(float[] a, int w, int h) {
        boolean[] seen = new boolean[w * h];
        List<Integer> sizes = new ArrayList<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < a.length; start++) {
            if (seen[start] || a[start] < 0.5f) {
                continue;
            }
            seen[start] = true;
            queue.add(start);
            int size = 0;
            while (!queue.isEmpty()) {
                int i = queue.poll();
                size++;
                int x = i % w, y = i / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx, yy = y + dy;
                        if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
                        int j = yy * w + xx;
                        if (!seen[j] && a[j] >= 0.5f) {
                            seen[j] = true;
                            queue.add(j);
                        }
                    }
                }
            }
            sizes.add(size);
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }
}
