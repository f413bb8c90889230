package dev.refinery.imaging.classic;

import java.util.Arrays;

/**
 * The backdrop a photo shows beside each pixel, from the same rows: the left and right border bands' median
 * colours per row (smoothed over a few rows), interpolated across the photo. A product photo is layered in rows
 * (a wall above a table or floor, a sweep's curve, a table's far edge): a grey bottle in front of a blue-grey wall
 * is not explained by the wall beside it, even when the floor at the photo's bottom has the bottle's grey. The
 * border's colour mixture alone cannot tell the two apart, and GrabCut then keeps only the bottle's cap.
 *
 * <p>Distances allow for shade: any darkening of the predicted colour down to {@code shadowFloor} (contact shadows,
 * a wall's falloff) and a 10 % brightening cost nothing, like the mixture's shadow lines. The noise scale is the
 * band's own: the 98th percentile of the band pixels' distances to their rows' prediction.
 */
final class RowBackdrop {
    private final float[] distance;
    private final float noise;

    private RowBackdrop(float[] distance, float noise) {
        this.distance = distance;
        this.noise = noise;
    }

    static RowBackdrop of(float[][] z, int w, int h, int ring, int band, double shadowFloor) {
        int n = w * h;
        float[][] left = new float[3][h], right = new float[3][h];
        float[] buf = new float[Math.max(1, band - ring)];
        for (int y = 0; y < h; y++) {
            for (int c = 0; c < 3; c++) {
                int k = 0;
                for (int x = ring; x < band; x++) {
                    buf[k++] = z[c][y * w + x];
                }
                left[c][y] = ClassicSegmenter.percentile(Arrays.copyOf(buf, k), 0.5);
                k = 0;
                for (int x = w - band; x < w - ring; x++) {
                    buf[k++] = z[c][y * w + x];
                }
                right[c][y] = ClassicSegmenter.percentile(Arrays.copyOf(buf, k), 0.5);
            }
        }
        int r = Math.max(1, h / 120);
        left = smoothRows(left, h, r);
        right = smoothRows(right, h, r);
        float[] out = new float[n];
        double x0 = (ring + band) / 2.0, x1 = w - 1 - x0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double t = Math.max(0, Math.min(1, (x - x0) / (x1 - x0)));
                int i = y * w + x;
                double p0 = left[0][y] + t * (right[0][y] - left[0][y]);
                double p1 = left[1][y] + t * (right[1][y] - left[1][y]);
                double p2 = left[2][y] + t * (right[2][y] - left[2][y]);
                double pp = p0 * p0 + p1 * p1 + p2 * p2;
                double s = pp == 0 ? 1 : (z[0][i] * p0 + z[1][i] * p1 + z[2][i] * p2) / pp;
                s = Math.max(shadowFloor, Math.min(1.1, s));
                double d0 = z[0][i] - s * p0, d1 = z[1][i] - s * p1, d2 = z[2][i] - s * p2;
                out[i] = (float) Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2);
            }
        }
        float[] bandDistances = new float[n];
        int m = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int d = Math.min(Math.min(x, w - 1 - x), Math.min(y, h - 1 - y));
                if (d < band) {
                    bandDistances[m++] = out[y * w + x];
                }
            }
        }
        float noise = Math.max(1f, ClassicSegmenter.percentile(Arrays.copyOf(bandDistances, m), 0.98));
        return new RowBackdrop(out, noise);
    }

    /** A cost added to calling a pixel backdrop: {@code scale} nats per noise scale beyond the first, at most {@code cap}. */
    float[] penalty(double scale, double cap) {
        float[] p = new float[distance.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) Math.min(cap, scale * Math.max(0, distance[i] / noise - 1));
        }
        return p;
    }

    /** Share of the pixels {@code cut} has and {@code other} has not that the rows' backdrop explains (within the noise). */
    double explainedShare(boolean[] cut, boolean[] other) {
        long added = 0, explained = 0;
        for (int i = 0; i < cut.length; i++) {
            if (cut[i] && !other[i]) {
                added++;
                if (distance[i] <= noise) {
                    explained++;
                }
            }
        }
        return added == 0 ? 0 : explained / (double) added;
    }

    private static float[][] smoothRows(float[][] v, int h, int r) {
        float[][] out = new float[3][h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                double s = 0;
                int k = 0;
                for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                    s += v[c][yy];
                    k++;
                }
                out[c][y] = (float) (s / k);
            }
        }
        return out;
    }
}
