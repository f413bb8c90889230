package dev.refinery.qualitylab;

import dev.refinery.color.ColorMath;
import dev.refinery.domain.Preset;
import dev.refinery.quality.Finding;
import dev.refinery.quality.QualityChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Measures one refined photo against its truth. */
final class Evaluator {
    /** Region interiors: pixels at least this far (source px) from the region's edge carry its colour. */
    static final double INTERIOR = 2.0;
    /**
     * The product-edge band: source points more than {@link #BAND_SKIP_PX} and at most {@link #BAND_SOURCE_PX} source px
     * inside the true boundary (at least {@link #BAND_FINAL_PX} final px deep). The outermost source pixel is skipped:
     * it is a mix in the photo itself and, in the final, the finisher's antialiasing with the new background.
     */
    static final double BAND_SKIP_PX = 1.0;
    static final double BAND_SOURCE_PX = 3.0;
    static final double BAND_FINAL_PX = 2.0;
    /** Non-background outside the mapped mask is tolerated this close to it (final px): resampling, JPEG ringing. */
    static final double HALO_FINAL_PX = 4.0;
    /** ... and at least this close in source px: a cut-out a pixel wider than the truth is an IoU/BF matter, not a prop. */
    static final double HALO_SOURCE_PX = 3.0;
    /** Extraneous pixels count when they survive an opening of this radius (final px, and source px). */
    static final double OPEN_FINAL_PX = 2.0;
    static final double OPEN_SOURCE_PX = 2.0;
    /** A final pixel is background when every channel is within this of the preset's colour (JPEG noise). */
    static final int WHITE_TOLERANCE = 12;
    /** At most this many sampled points per region and measure (a stride keeps large photos fast). */
    static final int MAX_SAMPLES = 60_000;

    private Evaluator() {
    }

    static PhotoScore evaluate(CorpusPhoto truth, Refined refined, Preset preset) throws IOException {
        List<String> problems = new ArrayList<>();
        Raster8 photo = Raster8.rgb(truth.photo());
        Raster8 maskImg = Raster8.gray(truth.mask());
        int w = maskImg.width(), h = maskImg.height();
        boolean[] mask = maskImg.mask();
        Raster8 regions = Files.isRegularFile(truth.regionsPng()) ? Raster8.gray(truth.regionsPng()) : null;
        List<CorpusPhoto.Region> regionList = truth.regions();
        if (regions == null || regionList.isEmpty()) {
            problems.add("no regions.png or no regions in truth.json: colour not measured");
        }

        // The check's cut-out findings on the exact mask: what it says of a perfect cut-out of this photo.
        int[] argb = new int[photo.px().length];
        float[] exact = new float[argb.length];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = 0xFF000000 | photo.px()[i];
            exact[i] = mask[i] ? 1f : 0f;
        }
        List<String> exactMaskFailed = argb.length == w * h
                ? QualityChecker.cutoutFindings(argb, w, exact).stream().filter(f -> !f.passed()).map(Finding::check).toList()
                : null;

        Double iou = null, bf = null;
        if (refined.cutout() != null) {
            Raster8 alpha = Raster8.alpha(refined.cutout());
            if (alpha.width() != w || alpha.height() != h) {
                problems.add("cutout.png is " + alpha.width() + "x" + alpha.height() + ", the photo " + w + "x" + h);
            } else {
                boolean[] cut = alpha.mask();
                iou = Segmentation.iou(cut, mask);
                bf = Segmentation.boundaryF(cut, mask, w, h, 2.0);
            }
        } else {
            problems.add("no cut-out");
            if (!"FAILED".equals(refined.status()) && !"MISSING".equals(refined.status())) {
                iou = 0.0;
                bf = 0.0;
            }
        }

        // region interiors (source pixels), per region id
        Map<Integer, int[]> interiors = new HashMap<>();
        Map<Integer, CorpusPhoto.Region> byId = new HashMap<>();
        if (regions != null) {
            for (CorpusPhoto.Region r : regionList) {
                byId.put(r.id(), r);
                boolean[] in = new boolean[w * h];
                for (int i = 0; i < in.length; i++) {
                    in[i] = regions.px()[i] == r.id() && mask[i];
                }
                float[] d = Segmentation.insideDistance(in, w, h);
                int n = 0;
                for (int i = 0; i < d.length; i++) {
                    if (d[i] > INTERIOR) {
                        n++;
                    }
                }
                int stride = Math.max(1, n / MAX_SAMPLES);
                int[] idx = new int[(n + stride - 1) / stride];
                int k = 0, seen = 0;
                for (int i = 0; i < d.length; i++) {
                    if (d[i] > INTERIOR && seen++ % stride == 0 && k < idx.length) {
                        idx[k++] = i;
                    }
                }
                interiors.put(r.id(), java.util.Arrays.copyOf(idx, k));
            }
        }
        Map<Integer, double[]> regionIn = new java.util.TreeMap<>(), regionOut = new java.util.TreeMap<>();
        Double deltaEIn = regionDeltaE(interiors, byId, (i, out) -> {
            int v = photo.px()[i];
            out[0] = (v >> 16) & 0xFF;
            out[1] = (v >> 8) & 0xFF;
            out[2] = v & 0xFF;
        }, w, regionIn);

        Double labelIn = null;
        if (truth.labelBox() != null && Files.isRegularFile(truth.cleanLabel())) {
            labelIn = labelSsim(Raster8.rgb(truth.cleanLabel()), truth.labelBox(), photo, new FinalizeTransform(1, 0, 0, 0, 0, w, h, 1), regions);
        }
        Double deltaEOut = null, ssim = null, fringe = null, enlargement = null, fill = null, extraneous = null, mapping = null;
        Boolean border = null, fillOk = null, compliant = null;
        FinalizeTransform t = refined.transform();
        if (refined.finalImage() != null && t == null) {
            problems.add("the finalize version records no crop/scale transform: final not mapped");
        }
        if (refined.finalImage() != null && t != null) {
            Raster8 fin = Raster8.rgb(refined.finalImage());
            if (fin.width() != t.canvasWidth() || fin.height() != t.canvasHeight()) {
                problems.add("final is " + fin.width() + "x" + fin.height() + ", finalize recorded " + t.canvasWidth() + "x" + t.canvasHeight());
            }
            enlargement = t.sourceScale();
            deltaEOut = regionDeltaE(interiors, byId, (i, out) -> {
                double sx = i % w + 0.5, sy = i / w + 0.5;
                fin.sampleRgb(t.toFinalX(sx), t.toFinalY(sy), out);
            }, w, regionOut);
            if (truth.labelBox() != null && Files.isRegularFile(truth.cleanLabel())) {
                ssim = labelSsim(Raster8.rgb(truth.cleanLabel()), truth.labelBox(), fin, t, regions);
            } else if (truth.labelBox() != null) {
                problems.add("labelBox without clean-label.png");
            }
            if (regions != null) {
                // the edge's true colour pixel by pixel: the neutral image when the regions' true colours are the neutral
                // truth (the photo lab), else the clean render when there is one, else each region's mean (NeutralTruth)
                Raster8 clean = NeutralTruth.regionsAreNeutral(truth.truth()) ? NeutralTruth.of(photo, regions, truth.truth()) : null;
                if (clean == null) {
                    clean = Files.isRegularFile(truth.cleanRender()) ? Raster8.rgb(truth.cleanRender()) : null;
                }
                if (clean != null && (clean.width() != w || clean.height() != h)) {
                    problems.add("the edge's reference image is not the photo's size: fringe against the regions' true colours");
                    clean = null;
                }
                fringe = fringe(fin, t, mask, regions, byId, clean, w, h);
            }
            int bg = preset.background().isSolid() ? preset.background().rgb() & 0xFFFFFF : 0xFFFFFF;
            border = borderIsBackground(fin, bg);
            fill = trueFill(mask, w, h, t);
            fillOk = fill >= preset.fill().min() - 0.01 && fill <= preset.fill().max() + 0.01;
            byte[] where = new byte[fin.width() * fin.height()];
            extraneous = extraneous(fin, t, mask, w, h, bg, refined.finalizeParams(), where);
            if (extraneous > PhotoScore.EXTRANEOUS_LIMIT) {
                writeWhere(fin, where, refined.dir().resolve("quality-extraneous.png"));
                problems.add("extraneous pixels drawn in " + refined.dir().resolve("quality-extraneous.png"));
            }
            if (refined.cutout() != null) {
                mapping = mappingIou(fin, t, Raster8.alpha(refined.cutout()), bg);
                if (mapping < 0.9) {
                    problems.add(String.format(java.util.Locale.ROOT,
                            "the final's product does not sit where the recorded transform puts the cut-out (IoU %.3f): mapped measures are suspect", mapping));
                }
            }
            compliant = border && fillOk && extraneous <= PhotoScore.EXTRANEOUS_LIMIT;
        } else if (refined.finalImage() == null) {
            problems.add("no final");
        }

        List<PhotoScore.RegionColour> regionColours = new ArrayList<>();
        for (Map.Entry<Integer, double[]> e : regionIn.entrySet()) {
            CorpusPhoto.Region reg = byId.get(e.getKey());
            double[] in = e.getValue(), out = regionOut.get(e.getKey());
            regionColours.add(new PhotoScore.RegionColour(reg.id(), reg.name(), reg.trueSrgb(), interiors.get(e.getKey()).length,
                    new int[] {(int) Math.round(in[1]), (int) Math.round(in[2]), (int) Math.round(in[3])}, in[0], in[4],
                    out == null ? null : new int[] {(int) Math.round(out[1]), (int) Math.round(out[2]), (int) Math.round(out[3])},
                    out == null ? null : out[0], out == null ? null : out[4]));
        }
        boolean hasFinal = refined.finalImage() != null && t != null;
        List<String> brokenBy = new ArrayList<>();
        if (hasFinal) {
            if (iou != null && iou < PhotoScore.BROKEN_IOU) {
                brokenBy.add("IoU");
            }
            if (deltaEOut != null && deltaEOut > PhotoScore.BROKEN_DELTA_E) {
                brokenBy.add("ΔE");
            }
            if (ssim != null && ssim < PhotoScore.LABEL_KEPT) {
                brokenBy.add("label");
            }
            if (Boolean.FALSE.equals(compliant)) {
                brokenBy.add("compliance");
            }
        }
        boolean broken = !brokenBy.isEmpty();
        boolean good = hasFinal && !broken && iou != null && iou >= PhotoScore.GOOD_IOU
                && bf != null && bf >= PhotoScore.BAR_BOUNDARY_F
                && (deltaEOut == null || deltaEOut <= PhotoScore.BAR_DELTA_E)
                && (deltaEOut == null || deltaEIn == null || deltaEOut <= deltaEIn + 1)
                && (fringe == null || fringe <= PhotoScore.BAR_FRINGE)
                && Boolean.TRUE.equals(compliant);
        // a final with no mappable transform cannot be judged: neither good nor broken
        boolean completed = "COMPLETED".equals(refined.status());
        return new PhotoScore(truth.id(), truth.family(), truth.kind(), preset.id(), refined.status(), refined.reason(),
                iou, bf, deltaEIn, deltaEOut, weighted(regionIn, 4), regionOut.isEmpty() ? null : weighted(regionOut, 4), labelIn, ssim, fringe, enlargement, border, fill, fillOk, extraneous, compliant, mapping,
                broken, brokenBy, good, broken && completed, good && "NEEDS_REVIEW".equals(refined.status()), refined.millis(), regionColours, problems,
                exactMaskFailed, truth.truth().path("scene").hasNonNull("group") ? truth.truth().path("scene").path("group").asText() : null);
    }

    interface Sampler {
        void sample(int sourceIndex, double[] rgbOut);
    }

    /**
     * Area-weighted CIEDE2000 of each region's mean colour to its true colour; null when nothing to measure. The mean is
     * taken on the 8-bit sRGB values, as the photo lab's truth takes its {@code trueSrgb} (the clean render's mean over the
     * region) and derives {@code trueLab} from it.
     */
    static Double regionDeltaE(Map<Integer, int[]> interiors, Map<Integer, CorpusPhoto.Region> regions, Sampler sampler, int w) {
        return regionDeltaE(interiors, regions, sampler, w, null);
    }

    /** As above; {@code perRegion} (when given) receives each region's ΔE and measured mean sRGB. */
    static Double regionDeltaE(Map<Integer, int[]> interiors, Map<Integer, CorpusPhoto.Region> regions, Sampler sampler, int w,
                               Map<Integer, double[]> perRegion) {
        double sum = 0, weight = 0;
        double[] rgb = new double[3];
        for (Map.Entry<Integer, int[]> e : interiors.entrySet()) {
            int[] idx = e.getValue();
            if (idx.length == 0) {
                continue;
            }
            double r = 0, g = 0, b = 0;
            for (int i : idx) {
                sampler.sample(i, rgb);
                r += rgb[0];
                g += rgb[1];
                b += rgb[2];
            }
            double[] lab = srgbToLab(r / idx.length, g / idx.length, b / idx.length);
            CorpusPhoto.Region region = regions.get(e.getKey());
            double wgt = region.pixels() > 0 ? region.pixels() : idx.length;
            double de = ColorMath.deltaE2000(lab, region.trueLab());
            sum += wgt * de;
            if (perRegion != null) {
                perRegion.put(e.getKey(), new double[] {de, r / idx.length, g / idx.length, b / idx.length,
                        ColorMath.deltaE2000(sameLightness(r / idx.length, g / idx.length, b / idx.length, region.trueLab()), region.trueLab()),
                        wgt});
            }
            weight += wgt;
        }
        return weight == 0 ? null : sum / weight;
    }

    /**
     * The measured colour with its brightness set to the true colour's (linear RGB scaled so Y matches, clipped):
     * what is left of the difference is the colour cast, with exposure and the photo's own shading set aside.
     */
    static double[] sameLightness(double r8, double g8, double b8, double[] trueLab) {
        double r = linear(r8), g = linear(g8), b = linear(b8);
        double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
        double fy = (trueLab[0] + 16) / 116;
        double yTrue = fy > 6.0 / 29 ? fy * fy * fy : (trueLab[0] / (24389.0 / 27));
        double k = y <= 1e-6 ? 1 : yTrue / y;
        return ColorMath.linearToLab(Math.min(1, r * k), Math.min(1, g * k), Math.min(1, b * k));
    }

    /** Weighted mean of the per-region values at {@code index} (regions' pixels as weights), or null. */
    static Double weighted(Map<Integer, double[]> perRegion, int index) {
        double sum = 0, wsum = 0;
        for (double[] v : perRegion.values()) {
            sum += v[5] * v[index];
            wsum += v[5];
        }
        return wsum == 0 ? null : sum / wsum;
    }

    /** Lab of a (fractional) 8-bit sRGB colour, through core's ColorMath. */
    static double[] srgbToLab(double r8, double g8, double b8) {
        return ColorMath.linearToLab(linear(r8), linear(g8), linear(b8));
    }

    /** The sRGB transfer function on a fractional 8-bit value (ColorMath.toLinear takes whole levels). */
    static double linear(double v8) {
        double c = Math.max(0, Math.min(255, v8)) / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    /**
     * SSIM of the label's luminance: the clean render's label box against the final sampled at the
     * same source points, both at the lower of the two resolutions (a final smaller than the source
     * cannot be asked to hold the source's finest detail).
     */
    static double labelSsim(Raster8 clean, int[] box, Raster8 fin, FinalizeTransform t) {
        return labelSsim(clean, box, fin, t, null);
    }

    /**
     * As above, averaged over the cells whose source point is label (region 2 of {@code regions}, when given):
     * the label's box also holds what lies beside a curved label (the table behind a jar's edge), which the
     * clean render shows as white sky and the photo as stone or wood — structure no final should keep.
     */
    static double labelSsim(Raster8 clean, int[] box, Raster8 fin, FinalizeTransform t, Raster8 regions) {
        double s = Math.min(1, t.sourceScale());
        int lw = clean.width(), lh = clean.height();
        int gw = Math.max(8, (int) Math.round(lw * s)), gh = Math.max(8, (int) Math.round(lh * s));
        double cellW = lw / (double) gw, cellH = lh / (double) gh;
        double[] a = new double[gw * gh], b = new double[gw * gh];
        boolean[] label = new boolean[gw * gh];
        double[] rgb = new double[3];
        for (int gy = 0; gy < gh; gy++) {
            for (int gx = 0; gx < gw; gx++) {
                // clean: area average of the cell
                int x0 = (int) Math.floor(gx * cellW), x1 = Math.max(x0 + 1, (int) Math.floor((gx + 1) * cellW));
                int y0 = (int) Math.floor(gy * cellH), y1 = Math.max(y0 + 1, (int) Math.floor((gy + 1) * cellH));
                double sum = 0;
                int n = 0;
                for (int y = y0; y < Math.min(y1, lh); y++) {
                    for (int x = x0; x < Math.min(x1, lw); x++) {
                        int v = clean.get(x, y);
                        sum += luma(v);
                        n++;
                    }
                }
                a[gy * gw + gx] = n == 0 ? 0 : sum / n;
                double sx = box[0] + (gx + 0.5) * cellW, sy = box[1] + (gy + 0.5) * cellH;
                fin.sampleRgb(t.toFinalX(sx), t.toFinalY(sy), rgb);
                b[gy * gw + gx] = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
                if (regions != null) {
                    int rx = (int) Math.floor(sx), ry = (int) Math.floor(sy);
                    label[gy * gw + gx] = rx >= 0 && ry >= 0 && rx < regions.width() && ry < regions.height()
                            && regions.px()[ry * regions.width() + rx] == LABEL_REGION;
                }
            }
        }
        matchMoments(b, a, regions == null ? null : label);
        return Ssim.ssim(a, b, gw, gh, regions == null ? null : label);
    }

    /**
     * Gives {@code b} the mean and standard deviation of {@code ref}: the label's exposure and contrast are the
     * lighting's business (ΔE measures them); what SSIM is asked here is whether the label's detail — its print, its
     * small text — is still there. Without this a faultless photo scored 0.4–0.6 against the clean render (lit by a
     * uniform white sky, so brighter and flatter than any photo), and brightening alone raised the score.
     */
    static void matchMoments(double[] b, double[] ref, boolean[] over) {
        boolean all = over == null;
        if (!all) {
            all = true;
            for (boolean x : over) {
                if (x) {
                    all = false;
                    break;
                }
            }
        }
        double ma = 0, mb = 0;
        int n = 0;
        for (int i = 0; i < b.length; i++) {
            if (!all && !over[i]) continue;
            ma += ref[i];
            mb += b[i];
            n++;
        }
        ma /= n;
        mb /= n;
        double va = 0, vb = 0;
        for (int i = 0; i < b.length; i++) {
            if (!all && !over[i]) continue;
            va += (ref[i] - ma) * (ref[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        double gain = vb > 1e-9 ? Math.sqrt(va / vb) : 0;
        for (int i = 0; i < b.length; i++) {
            b[i] = ma + (b[i] - mb) * gain;
        }
    }

    /** The photo lab's region id of a printed label (regions.png). */
    static final int LABEL_REGION = 2;

    private static double luma(int v) {
        return 0.299 * ((v >> 16) & 0xFF) + 0.587 * ((v >> 8) & 0xFF) + 0.114 * (v & 0xFF);
    }

    /**
     * The final's product-edge band (final pixels whose source point lies inside the true mask, more than 1
     * and at most max(3 source px, 1 source px + 2 final px) from its edge): per region, the CIEDE2000 of the band's mean colour to the
     * true colour, weighted by band pixels. With a full clean render ({@code clean.png}, pixel-aligned) the
     * true colour there is the clean render's mean over the same band pixels, so the product's own shading
     * at its rim does not count as fringe.
     */
    static Double fringe(Raster8 fin, FinalizeTransform t, boolean[] mask, Raster8 regions, Map<Integer, CorpusPhoto.Region> byId,
                         Raster8 clean, int w, int h) {
        float[] inside = Segmentation.insideDistance(mask, w, h);
        double band = Math.max(BAND_SOURCE_PX, BAND_SKIP_PX + BAND_FINAL_PX / t.sourceScale());
        Map<Integer, double[]> acc = new HashMap<>();
        int[] bbox = bbox(mask, w, h);
        if (bbox == null) {
            return null;
        }
        int fx0 = clamp((int) Math.floor(t.toFinalX(bbox[0])) - 1, 0, fin.width()), fx1 = clamp((int) Math.ceil(t.toFinalX(bbox[2] + 1)) + 1, 0, fin.width());
        int fy0 = clamp((int) Math.floor(t.toFinalY(bbox[1])) - 1, 0, fin.height()), fy1 = clamp((int) Math.ceil(t.toFinalY(bbox[3] + 1)) + 1, 0, fin.height());
        for (int fy = fy0; fy < fy1; fy++) {
            int sy = (int) Math.floor(t.toSourceY(fy + 0.5));
            if (sy < 0 || sy >= h) {
                continue;
            }
            for (int fx = fx0; fx < fx1; fx++) {
                int sx = (int) Math.floor(t.toSourceX(fx + 0.5));
                if (sx < 0 || sx >= w) {
                    continue;
                }
                int si = sy * w + sx;
                if (!mask[si] || inside[si] <= BAND_SKIP_PX || inside[si] > band) {
                    continue;
                }
                int rid = regions.px()[si];
                if (!byId.containsKey(rid)) {
                    continue;
                }
                int v = fin.get(fx, fy);
                double[] a = acc.computeIfAbsent(rid, k -> new double[7]);
                a[0] += (v >> 16) & 0xFF;
                a[1] += (v >> 8) & 0xFF;
                a[2] += v & 0xFF;
                a[3]++;
                if (clean != null) {
                    int c = clean.px()[si];
                    a[4] += (c >> 16) & 0xFF;
                    a[5] += (c >> 8) & 0xFF;
                    a[6] += c & 0xFF;
                }
            }
        }
        double sum = 0, n = 0;
        for (Map.Entry<Integer, double[]> e : acc.entrySet()) {
            double[] a = e.getValue();
            double[] lab = srgbToLab(a[0] / a[3], a[1] / a[3], a[2] / a[3]);
            double[] ref = clean == null ? byId.get(e.getKey()).trueLab() : srgbToLab(a[4] / a[3], a[5] / a[3], a[6] / a[3]);
            sum += a[3] * ColorMath.deltaE2000(lab, ref);
            n += a[3];
        }
        return n == 0 ? null : sum / n;
    }

    /** The outer 2 px frame of the final is the background colour (±2 levels per channel). */
    static boolean borderIsBackground(Raster8 fin, int bg) {
        int fw = fin.width(), fh = fin.height();
        for (int y = 0; y < fh; y++) {
            for (int x = 0; x < fw; x++) {
                if (x >= 2 && y >= 2 && x < fw - 2 && y < fh - 2) {
                    x = fw - 3;
                    continue;
                }
                if (distance(fin.get(x, y), bg) > 2) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The true product's bounding box in the final over the canvas: the larger of width and height ratios. */
    static double trueFill(boolean[] mask, int w, int h, FinalizeTransform t) {
        int[] b = bbox(mask, w, h);
        if (b == null) {
            return 0;
        }
        double bw = (b[2] + 1 - b[0]) * t.sourceScale(), bh = (b[3] + 1 - b[1]) * t.sourceScale();
        return Math.max(bw / t.canvasWidth(), bh / t.canvasHeight());
    }

    /**
     * Share of the canvas that is not background although its source point lies more than
     * {@link #HALO_FINAL_PX} final px outside the true mask (or outside the photo): a kept table strip,
     * a prop, a shadow. The finisher's own contact shadow (recorded in its parameters) is allowed.
     */
    static double extraneous(Raster8 fin, FinalizeTransform t, boolean[] mask, int w, int h, int bg, Map<String, String> params) {
        return extraneous(fin, t, mask, w, h, bg, params, null);
    }

    /** As above; marks the extraneous pixels in {@code where} (final-sized) when given. */
    static double extraneous(Raster8 fin, FinalizeTransform t, boolean[] mask, int w, int h, int bg, Map<String, String> params, byte[] where) {
        float[] d2 = Segmentation.squaredDistanceTo(mask, w, h);
        double halo = Math.max(HALO_SOURCE_PX, HALO_FINAL_PX / t.sourceScale());
        double halo2 = halo * halo;
        boolean shadow = params != null && "contact".equals(params.get("shadow"));
        double scx = 0, scy = 0, srx = 1, sry = 1;
        if (shadow) {
            String[] crop = params.get("crop").split(",");
            double prodW = Double.parseDouble(crop[2].trim()) * t.scale(), prodH = Double.parseDouble(crop[3].trim()) * t.scale();
            scx = t.canvasWidth() / 2.0;
            scy = t.canvasHeight() / 2.0 + prodH / 2.0;
            srx = 0.42 * prodW;
            sry = Math.max(3, 0.035 * prodH);
        }
        int fw = fin.width(), fh = fin.height();
        boolean[] raw = new boolean[fw * fh];
        for (int fy = 0; fy < fh; fy++) {
            double syc = t.toSourceY(fy + 0.5);
            int sy = (int) Math.floor(syc);
            for (int fx = 0; fx < fw; fx++) {
                int v = fin.get(fx, fy);
                if (distance(v, bg) <= WHITE_TOLERANCE) {
                    continue;
                }
                int sx = (int) Math.floor(t.toSourceX(fx + 0.5));
                if (sx >= 0 && sy >= 0 && sx < w && sy < h && d2[sy * w + sx] <= halo2) {
                    continue;
                }
                if (shadow) {
                    double ex = (fx + 0.5 - scx) / srx, ey = (fy + 0.5 - scy) / sry;
                    if (ex * ex + ey * ey < 1) {
                        continue;
                    }
                }
                raw[fy * fw + fx] = true;
            }
        }
        // thin lines along the product's edge (a cut-out a few px loose) are edge accuracy, measured by IoU and BF:
        // an opening keeps only what is thicker than OPEN_SOURCE_PX source px on every side
        int r = (int) Math.ceil(Math.max(OPEN_FINAL_PX, OPEN_SOURCE_PX * t.sourceScale()));
        boolean[] kept = open(raw, fw, fh, r);
        long count = 0;
        for (int i = 0; i < kept.length; i++) {
            if (kept[i]) {
                count++;
                if (where != null) {
                    where[i] = 1;
                }
            }
        }
        return count / (double) (fw * (long) fh);
    }

    /** The final, dimmed, with the extraneous pixels in magenta: where a prop or table strip was kept. */
    static void writeWhere(Raster8 fin, byte[] where, java.nio.file.Path png) throws IOException {
        int[] px = new int[where.length];
        for (int i = 0; i < px.length; i++) {
            int v = fin.px()[i];
            px[i] = where[i] != 0 ? 0xFF00FF : (((v >> 16) & 0xFF) / 2 + 128) << 16 | (((v >> 8) & 0xFF) / 2 + 128) << 8 | ((v & 0xFF) / 2 + 128);
        }
        javax.imageio.ImageIO.write(new Raster8(fin.width(), fin.height(), px).toRgbImage(), "png", png.toFile());
    }

    /**
     * The transform checked on the photo itself: IoU between the final's non-background pixels and the cut-out's
     * alpha (≥ 128) mapped through the recorded transform (nearest source pixel). Near 1 when the parameters mean
     * what {@link FinalizeTransform} says; a white product part on white lowers it a little.
     */
    static double mappingIou(Raster8 fin, FinalizeTransform t, Raster8 cutAlpha, int bg) {
        long inter = 0, union = 0;
        int cw = cutAlpha.width(), ch = cutAlpha.height();
        for (int fy = 0; fy < fin.height(); fy++) {
            int sy = (int) Math.floor(t.toSourceY(fy + 0.5));
            for (int fx = 0; fx < fin.width(); fx++) {
                int sx = (int) Math.floor(t.toSourceX(fx + 0.5));
                boolean cut = sx >= 0 && sy >= 0 && sx < cw && sy < ch && cutAlpha.px()[sy * cw + sx] >= 128;
                boolean shown = distance(fin.get(fx, fy), bg) > WHITE_TOLERANCE;
                if (cut && shown) {
                    inter++;
                }
                if (cut || shown) {
                    union++;
                }
            }
        }
        return union == 0 ? 1 : inter / (double) union;
    }

    /**
     * Morphological opening with a (2r+1)² square: erosion then dilation, separable, by prefix sums. Beyond the frame
     * counts as set for the erosion, so something touching the canvas edge is not eaten from that side.
     */
    static boolean[] open(boolean[] m, int w, int h, int r) {
        return filter(filter(m, w, h, r, true), w, h, r, false);
    }

    /** One square filter: erosion (all set in the window, clipped to the frame) or dilation (any set). */
    static boolean[] filter(boolean[] m, int w, int h, int r, boolean erode) {
        boolean[] tmp = new boolean[m.length], out = new boolean[m.length];
        int[] prefix = new int[Math.max(w, h) + 1];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                prefix[x + 1] = prefix[x] + (m[y * w + x] ? 1 : 0);
            }
            for (int x = 0; x < w; x++) {
                int lo = Math.max(0, x - r), hi = Math.min(w, x + r + 1), n = prefix[hi] - prefix[lo];
                tmp[y * w + x] = erode ? n == hi - lo : n > 0;
            }
        }
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                prefix[y + 1] = prefix[y] + (tmp[y * w + x] ? 1 : 0);
            }
            for (int y = 0; y < h; y++) {
                int lo = Math.max(0, y - r), hi = Math.min(h, y + r + 1), n = prefix[hi] - prefix[lo];
                out[y * w + x] = erode ? n == hi - lo : n > 0;
            }
        }
        return out;
    }

    static int distance(int a, int b) {
        return Math.max(Math.abs(((a >> 16) & 0xFF) - ((b >> 16) & 0xFF)),
                Math.max(Math.abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF)), Math.abs((a & 0xFF) - (b & 0xFF))));
    }

    /** x0, y0, x1, y1 (inclusive) of the set pixels, or null. */
    static int[] bbox(boolean[] m, int w, int h) {
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (m[y * w + x]) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? null : new int[] {x0, y0, x1, y1};
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
