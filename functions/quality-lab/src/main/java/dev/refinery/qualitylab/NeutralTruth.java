package dev.refinery.qualitylab;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The neutral truth pixel by pixel: the seller's photo with its known faults undone (exposure fault, vignetting, and
 * the colour of the light on the product divided out in linear RGB), as the photo lab's {@code neutral.py} computes
 * it before averaging each region into {@code neutralSrgb}. Shading, reflections and the phone's auto exposure stay:
 * it is what an ideal white balance and exposure correction of this photo gives, at every pixel.
 *
 * <p>Why per pixel: the edge fringe compares the final's band just inside the product's outline with the true colour
 * there. Against the region's mean neutral colour (all the corpus has besides this) a product's own edge reads as
 * fringe: a cylinder's rim is shaded darker or lit brighter than its middle, so the photo as shot, with nothing cut,
 * read ΔE 7.3 in its edge band against 0.2 in its middle (pl-029, a faultless mug), 7.6 against 0.9 (pl-055), 9.1
 * against 1.0 (pl-018): over the bar of 6 with a perfect cut-out. Against this image a final's edge is judged on what
 * it added: backdrop colour bleeding in, or the product's edge turned to background.
 */
final class NeutralTruth {
    private NeutralTruth() {
    }

    /**
     * The neutral image (sRGB, rounded) of a corpus photo, or null when its truth carries no faults to undo (a corpus
     * without the photo lab's neutral truth).
     */
    static Raster8 of(Raster8 photo, Raster8 regions, JsonNode truth) {
        JsonNode faults = truth.path("faults");
        if (!faults.isObject() || !faults.has("exposureEv") || regions == null) {
            return null;
        }
        int w = photo.width(), h = photo.height();
        double vignetting = faults.path("vignetting").asDouble(0), exposure = Math.pow(2, faults.path("exposureEv").asDouble(0));
        double[] lin = new double[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x, v = photo.px()[i];
                double k = vignette(vignetting, x, y, w, h) * exposure;
                lin[3 * i] = decode(((v >> 16) & 0xFF) / 255.0) / k;
                lin[3 * i + 1] = decode(((v >> 8) & 0xFF) / 255.0) / k;
                lin[3 * i + 2] = decode((v & 0xFF) / 255.0) / k;
            }
        }
        double[] light = lightColour(lin, regions, truth.path("regions"), w, h);
        int[] out = new int[w * h];
        for (int i = 0; i < out.length; i++) {
            int r = to8(lin[3 * i] / light[0]), g = to8(lin[3 * i + 1] / light[1]), b = to8(lin[3 * i + 2] / light[2]);
            out[i] = (r << 16) | (g << 8) | b;
        }
        return new Raster8(w, h, out);
    }

    /** post.py's vignetting factor at pixel (x, y): 1 - v·min(1, r²/2), r² over the half-sides. */
    static double vignette(double v, int x, int y, int w, int h) {
        if (v <= 0) {
            return 1;
        }
        double dy = (y - h / 2.0) / (h / 2.0), dx = (x - w / 2.0) / (w / 2.0);
        return 1 - v * Math.min(1, Math.max(0, (dx * dx + dy * dy) / 2));
    }

    /**
     * neutral.py's light colour (G = 1): per diffuse region big enough to tell a colour (albedo not near black, its
     * clean colour not near black, 200+ pixels three erosions inside), the photo's mean linear colour over the clean
     * render's; the pixel-weighted geometric mean of those ratios, each normalised to its green.
     */
    static double[] lightColour(double[] lin, Raster8 regions, JsonNode truthRegions, int w, int h) {
        double[] logSum = new double[3];
        double weights = 0;
        for (JsonNode r : truthRegions) {
            JsonNode alb = r.path("albedoSrgb"), clean8 = r.path("trueSrgb");
            double albMax = Math.max(alb.path(0).asDouble(0), Math.max(alb.path(1).asDouble(0), alb.path(2).asDouble(0)));
            double[] clean = {decode(clean8.path(0).asDouble() / 255), decode(clean8.path(1).asDouble() / 255), decode(clean8.path(2).asDouble() / 255)};
            if (albMax < 25 || Math.min(clean[0], Math.min(clean[1], clean[2])) < 0.02) {
                continue;
            }
            boolean[] inside = erode(regions, r.path("id").asInt(), w, h, 3);
            double[] mean = new double[3];
            long n = 0;
            for (int i = 0; i < inside.length; i++) {
                if (inside[i]) {
                    mean[0] += lin[3 * i];
                    mean[1] += lin[3 * i + 1];
                    mean[2] += lin[3 * i + 2];
                    n++;
                }
            }
            if (n < 200) {
                continue;
            }
            double[] ratio = new double[3];
            for (int c = 0; c < 3; c++) {
                mean[c] /= n;
                ratio[c] = mean[c] / clean[c];
            }
            if (Math.min(mean[0], Math.min(mean[1], mean[2])) <= 1e-4) {
                continue;
            }
            for (int c = 0; c < 3; c++) {
                logSum[c] += n * Math.log(ratio[c] / ratio[1]);
            }
            weights += n;
        }
        return weights == 0 ? new double[] {1, 1, 1}
                : new double[] {Math.exp(logSum[0] / weights), Math.exp(logSum[1] / weights), Math.exp(logSum[2] / weights)};
    }

    /** The pixels of region {@code id}, eroded {@code times} by a 4-neighbour step (the image's own edge does not erode). */
    static boolean[] erode(Raster8 regions, int id, int w, int h, int times) {
        boolean[] m = new boolean[w * h];
        for (int i = 0; i < m.length; i++) {
            m[i] = regions.px()[i] == id;
        }
        for (int t = 0; t < times; t++) {
            boolean[] n = m.clone();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    if (!m[i]) {
                        continue;
                    }
                    if ((y > 0 && !m[i - w]) || (y < h - 1 && !m[i + w]) || (x > 0 && !m[i - 1]) || (x < w - 1 && !m[i + 1])) {
                        n[i] = false;
                    }
                }
            }
            m = n;
        }
        return m;
    }

    static double decode(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static int to8(double lin) {
        double x = Math.min(1, Math.max(0, lin));
        double e = x <= 0.0031308 ? 12.92 * x : 1.055 * Math.pow(x, 1 / 2.4) - 0.055;
        return (int) Math.round(Math.min(255, Math.max(0, e * 255)));
    }

    /** Whether the corpus's regions carry the neutral truth (then the neutral image, not the clean render, is the reference). */
    static boolean regionsAreNeutral(JsonNode truth) {
        JsonNode regions = truth.path("regions");
        if (!regions.isArray() || regions.isEmpty()) {
            return false;
        }
        for (JsonNode r : regions) {
            if (!r.path("neutralLab").isArray()) {
                return false;
            }
        }
        return true;
    }

}
