package dev.refinery.imaging.classic;

import java.awt.Rectangle;

/**
 * Makes the ARGB cut-out from a photo and the product's alpha, with edge colours
 * decontaminated: a soft edge pixel is a mix {@code I = αF + (1-α)B} of product and old backdrop;
 * B is estimated from the nearby pure backdrop, F solved from it (and, where α is small and the
 * division unstable, taken from the nearby solid product). Without this the old backdrop's colour
 * would show as a halo around the product on the new background.
 */
final class Cutout {
    private static final int RADIUS = 5;

    private Cutout() {
    }

    static int[] compose(int[] px, float[] alpha, int w, int h) {
        // Away from the product every pixel is 0x00000000: fully transparent and no trace of the old
        // backdrop (a "transparent" file must not carry the seller's room), which also makes the
        // lossless versions small and quick to encode.
        int[] out = new int[px.length];
        Rectangle box = dev.refinery.color.Masks.boundingBox(alpha, w, h, 1 / 512.0);
        if (box.isEmpty()) {
            return out;
        }
        int m = 2 * RADIUS + 2;
        Rectangle r = new Rectangle(box.x - m, box.y - m, box.width + 2 * m, box.height + 2 * m).intersection(new Rectangle(0, 0, w, h));
        int rw = r.width, rh = r.height, n = rw * rh;
        float[][] c = new float[3][n];
        float[] a = new float[n];
        float[] solid = new float[n], back = new float[n];
        for (int y = 0; y < rh; y++) {
            int src = (r.y + y) * w + r.x;
            for (int x = 0; x < rw; x++) {
                int k = y * rw + x;
                int p = px[src + x];
                c[0][k] = (p >> 16) & 0xFF;
                c[1][k] = (p >> 8) & 0xFF;
                c[2][k] = p & 0xFF;
                float av = alpha[src + x];
                a[k] = av;
                solid[k] = av >= 0.98f ? 1 : 0;
                back[k] = av <= 0.0f ? 1 : 0;
            }
        }
        float[] solidW = Filters.box(solid, rw, rh, RADIUS);
        float[] backW = Filters.box(back, rw, rh, RADIUS);
        float[] solidWide = Filters.box(solid, rw, rh, 4 * RADIUS);
        float[][] f = new float[3][], b = new float[3][], fWide = new float[3][];
        for (int ch = 0; ch < 3; ch++) {
            f[ch] = Filters.box(Filters.mul(c[ch], solid), rw, rh, RADIUS);
            b[ch] = Filters.box(Filters.mul(c[ch], back), rw, rh, RADIUS);
            fWide[ch] = Filters.box(Filters.mul(c[ch], solid), rw, rh, 4 * RADIUS);
        }
        float[] rgb = new float[3];
        for (int y = 0; y < rh; y++) {
            int dstRow = (r.y + y) * w + r.x;
            for (int x = 0; x < rw; x++) {
                int k = y * rw + x;
                float av = a[k];
                int ai = Pixels.clamp8(av * 255);
                if (av >= 0.98f) {
                    out[dstRow + x] = (ai << 24) | (px[dstRow + x] & 0xFFFFFF);
                    continue;
                }
                // the nearby solid product's colour (wider search when the edge is far from solid pixels)
                boolean haveF = solidW[k] > 1e-4f;
                boolean haveWide = solidWide[k] > 1e-5f;
                if (av <= 0 && !haveWide) {
                    continue; // transparent and far from the product: stays 0
                }
                for (int ch = 0; ch < 3; ch++) {
                    // Transparent pixels next to the product carry its nearby colour, so filters of later
                    // stages that reach across the edge (detail) see product, not old backdrop.
                    float fin = haveF ? f[ch][k] / solidW[k] : haveWide ? fWide[ch][k] / solidWide[k] : c[ch][k];
                    float solved = fin;
                    if (av > 0 && backW[k] > 1e-4f) {
                        float bg = b[ch][k] / backW[k];
                        solved = (c[ch][k] - (1 - av) * bg) / Math.max(av, 0.05f);
                        solved = Math.max(0, Math.min(255, solved));
                    } else if (av > 0) {
                        solved = c[ch][k];
                    }
                    float wt = Math.max(0, Math.min(1, (av - 0.3f) / 0.6f));
                    rgb[ch] = wt * solved + (1 - wt) * fin;
                }
                out[dstRow + x] = (ai << 24) | (Pixels.clamp8(rgb[0]) << 16) | (Pixels.clamp8(rgb[1]) << 8) | Pixels.clamp8(rgb[2]);
            }
        }
        return out;
    }
}
