package dev.refinery.imaging.ingest;

import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Arrays;

/**
 * Downscales by area averaging: every output pixel is the mean of the source area it covers,
 * fractional edge pixels weighted by their overlap (exact integer geometry, no drift). Unlike
 * bilinear or nearest-neighbour sampling it cannot alias fine detail such as fabric or print.
 * Works band by band on any component raster of up to 16 bits per sample, in the source's own
 * colour space, with colour premultiplied by alpha so that transparent pixels do not bleed
 * their (meaningless) colour into visible ones. Streams the source row by row.
 */
final class AreaAverageScaler {
    private AreaAverageScaler() {
    }

    static WritableRaster scale(Raster src, ColorModel cm, int outW, int outH) {
        int inW = src.getWidth();
        int inH = src.getHeight();
        if (outW > inW || outH > inH || outW < 1 || outH < 1) {
            throw new IllegalArgumentException("area averaging only downscales: " + inW + "x" + inH + " -> " + outW + "x" + outH);
        }
        int nb = src.getNumBands();
        int alpha = cm.hasAlpha() ? nb - 1 : -1;
        float[] max = new float[nb];
        for (int b = 0; b < nb; b++) {
            max[b] = (1 << src.getSampleModel().getSampleSize(b)) - 1;
        }
        int[] hIdx = new int[inW];
        float[] hW0 = new float[inW];
        float[] hW1 = new float[inW];
        weights(inW, outW, hIdx, hW0, hW1);
        int[] vIdx = new int[inH];
        float[] vW0 = new float[inH];
        float[] vW1 = new float[inH];
        weights(inH, outH, vIdx, vW0, vW1);

        WritableRaster dst = cm.createCompatibleWritableRaster(outW, outH);
        int[] row = new int[inW * nb];
        int[] outRow = new int[outW * nb];
        float[] hRow = new float[outW * nb + nb];
        float[] accA = new float[outW * nb];
        float[] accB = new float[outW * nb];
        int current = 0; // the output row accA accumulates
        for (int y = 0; y < inH; y++) {
            src.getPixels(src.getMinX(), src.getMinY() + y, inW, 1, row);
            Arrays.fill(hRow, 0f);
            for (int x = 0; x < inW; x++) {
                int s = x * nb;
                int o = hIdx[x] * nb;
                float w0 = hW0[x];
                float w1 = hW1[x];
                float coverage = alpha >= 0 ? row[s + alpha] / max[alpha] : 1f;
                for (int b = 0; b < nb; b++) {
                    float v = b == alpha ? row[s + b] : row[s + b] * coverage;
                    hRow[o + b] += v * w0;
                    hRow[o + nb + b] += v * w1; // w1 is 0 unless the pixel straddles two outputs
                }
            }
            int oy = vIdx[y];
            while (current < oy) {
                flush(accA, dst, current, outW, nb, alpha, max, outRow);
                float[] t = accA;
                accA = accB;
                accB = t;
                Arrays.fill(accB, 0f);
                current++;
            }
            float w0 = vW0[y];
            float w1 = vW1[y];
            int n = outW * nb;
            for (int i = 0; i < n; i++) {
                accA[i] += hRow[i] * w0;
            }
            if (w1 > 0f) {
                for (int i = 0; i < n; i++) {
                    accB[i] += hRow[i] * w1;
                }
            }
        }
        while (current < outH) {
            flush(accA, dst, current, outW, nb, alpha, max, outRow);
            float[] t = accA;
            accA = accB;
            accB = t;
            Arrays.fill(accB, 0f);
            current++;
        }
        return dst;
    }

    private static void flush(float[] acc, WritableRaster dst, int y, int outW, int nb, int alpha, float[] max, int[] outRow) {
        for (int x = 0; x < outW; x++) {
            int o = x * nb;
            float coverage = alpha >= 0 ? acc[o + alpha] / max[alpha] : 1f;
            for (int b = 0; b < nb; b++) {
                float v = acc[o + b];
                if (b != alpha && alpha >= 0) {
                    v = coverage > 0f ? v / coverage : 0f;
                }
                int r = Math.round(v);
                outRow[o + b] = r < 0 ? 0 : (int) Math.min(r, max[b]);
            }
        }
        dst.setPixels(0, y, outW, 1, outRow);
    }

    /**
     * For each of {@code in} source pixels: the output pixel it starts in and its weights there and
     * in the next output pixel. Source pixel x spans [x·out, (x+1)·out) and output pixel o spans
     * [o·in, (o+1)·in) on a common integer axis, so weights are exact overlaps / in and every
     * output pixel's weights sum to exactly 1.
     */
    static void weights(int in, int out, int[] idx, float[] w0, float[] w1) {
        for (int x = 0; x < in; x++) {
            long start = (long) x * out;
            long end = start + out;
            int o = (int) (start / in);
            long boundary = (long) (o + 1) * in;
            idx[x] = o;
            if (end <= boundary) {
                w0[x] = (float) out / in;
                w1[x] = 0f;
            } else {
                w0[x] = (float) (boundary - start) / in;
                w1[x] = (float) (end - boundary) / in;
            }
        }
    }
}
