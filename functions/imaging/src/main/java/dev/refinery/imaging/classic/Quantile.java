package dev.refinery.imaging.classic;

/**
 * Order statistics by selection (Hoare's quickselect, median-of-three pivots) instead of sorting:
 * the stages take several quantiles of a few hundred thousand samples per photo, and sorting them
 * was about a tenth of the classic engine's CPU time. The value returned is the one a sort would
 * put at that index.
 */
final class Quantile {
    private Quantile() {
    }

    /** The value at {@code index} of the first {@code n} values once sorted; reorders {@code v}'s first n values. */
    static float select(float[] v, int n, int index) {
        if (index < 0 || index >= n || n > v.length) {
            throw new IllegalArgumentException("index " + index + " outside 0.." + (n - 1));
        }
        int lo = 0, hi = n - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            // median of three to the middle: sorted or constant runs stay O(n)
            if (v[mid] < v[lo]) swap(v, mid, lo);
            if (v[hi] < v[lo]) swap(v, hi, lo);
            if (v[hi] < v[mid]) swap(v, hi, mid);
            float pivot = v[mid];
            int i = lo, j = hi;
            while (i <= j) {
                while (v[i] < pivot) i++;
                while (v[j] > pivot) j--;
                if (i <= j) {
                    swap(v, i, j);
                    i++;
                    j--;
                }
            }
            if (index <= j) {
                hi = j;
            } else if (index >= i) {
                lo = i;
            } else {
                return v[index];
            }
        }
        return v[lo];
    }

    /** The value at {@code index} of the first {@code n} values once sorted, leaving {@code v} as it was. */
    static float selectCopy(float[] v, int n, int index) {
        return select(java.util.Arrays.copyOf(v, n), n, index);
    }

    private static void swap(float[] v, int a, int b) {
        float t = v[a];
        v[a] = v[b];
        v[b] = t;
    }
}
