package dev.refinery.imaging.classic;

/**
 * He, Sun and Tang's colour-guided filter ("Guided Image Filtering", ECCV 2010): the input is explained, in each
 * (2r+1)² window, as a linear function of the guide's three channels; the returned coefficients are averaged over the
 * windows covering each pixel, so {@code q = ar·R + ag·G + ab·B + b} at any guide colour. The cut-out uses it to give a
 * binary cut the photo's own edges.
 */
final class GuidedFilter {
    private GuidedFilter() {
    }

    /**
     * The averaged coefficients {ar, ag, ab, b} of {@code p} guided by {@code g} (three planes, colours in 0..1).
     *
     * @param eps regularisation: larger keeps the output closer to the input's local mean
     */
    static float[][] coefficients(float[][] g, float[] p, int w, int h, int r, float eps) {
        int n = w * h;
        float[] mr = Filters.box(g[0], w, h, r), mg = Filters.box(g[1], w, h, r), mb = Filters.box(g[2], w, h, r);
        float[] mp = Filters.box(p, w, h, r);
        float[] rp = Filters.box(Filters.mul(g[0], p), w, h, r), gp = Filters.box(Filters.mul(g[1], p), w, h, r), bp = Filters.box(Filters.mul(g[2], p), w, h, r);
        float[] rr = Filters.box(Filters.mul(g[0], g[0]), w, h, r), rg = Filters.box(Filters.mul(g[0], g[1]), w, h, r), rb = Filters.box(Filters.mul(g[0], g[2]), w, h, r);
        float[] gg = Filters.box(Filters.mul(g[1], g[1]), w, h, r), gb = Filters.box(Filters.mul(g[1], g[2]), w, h, r), bb = Filters.box(Filters.mul(g[2], g[2]), w, h, r);
        float[] ar = new float[n], ag = new float[n], ab = new float[n], b = new float[n];
        for (int i = 0; i < n; i++) {
            double cr = rp[i] - mr[i] * mp[i], cg = gp[i] - mg[i] * mp[i], cb = bp[i] - mb[i] * mp[i];
            double s00 = rr[i] - mr[i] * mr[i] + eps, s01 = rg[i] - mr[i] * mg[i], s02 = rb[i] - mr[i] * mb[i];
            double s11 = gg[i] - mg[i] * mg[i] + eps, s12 = gb[i] - mg[i] * mb[i], s22 = bb[i] - mb[i] * mb[i] + eps;
            double i00 = s11 * s22 - s12 * s12, i01 = s02 * s12 - s01 * s22, i02 = s01 * s12 - s02 * s11;
            double i11 = s00 * s22 - s02 * s02, i12 = s01 * s02 - s00 * s12, i22 = s00 * s11 - s01 * s01;
            double det = s00 * i00 + s01 * i01 + s02 * i02;
            double a0 = (i00 * cr + i01 * cg + i02 * cb) / det;
            double a1 = (i01 * cr + i11 * cg + i12 * cb) / det;
            double a2 = (i02 * cr + i12 * cg + i22 * cb) / det;
            ar[i] = (float) a0;
            ag[i] = (float) a1;
            ab[i] = (float) a2;
            b[i] = (float) (mp[i] - a0 * mr[i] - a1 * mg[i] - a2 * mb[i]);
        }
        return new float[][] {Filters.box(ar, w, h, r), Filters.box(ag, w, h, r), Filters.box(ab, w, h, r), Filters.box(b, w, h, r)};
    }
}
