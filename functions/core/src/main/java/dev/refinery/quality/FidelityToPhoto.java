package dev.refinery.quality;

import dev.refinery.color.ArgbPixels;
import dev.refinery.color.BodyColourShift;
import dev.refinery.color.ColorMath;
import dev.refinery.domain.Stage;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges the final's product against the seller's photo, pixel for pixel through finalize's
 * placement, with no truth: are its colours what lighting declared it would make of the photo's
 * colours, did highlights clip that the photo kept, and is the photo's detail (label text,
 * texture, edges inside the product) still there.
 *
 * <p>The comparison is over cells of 12×12 grid points inside the cut-out (alpha ≥ 0.98 everywhere
 * in the cell), so the soft edge, resampling and JPEG cannot move a cell's mean: on a final that
 * nothing broke, each channel's median ratio to the prediction stays within 0.05 EV and the 90th
 * percentile of the cells' CIEDE2000 under 2 (docs/quality.md).
 */
final class FidelityToPhoto {
    static final int CELL = 12;
    /** A channel's median departure from the declared correction beyond which the final was changed by something undeclared (EV). */
    static final double MAX_UNDECLARED_EV = 0.3;
    /** CIEDE2000 between prediction and final that the 90th percentile of cells must stay under. */
    static final double MAX_CELL_DELTA_E = 6.0;
    /** Lighting's declared exposure change beyond which it is a guess the seller must confirm (EV). */
    static final double MAX_DECLARED_EV = 1.0;
    /**
     * ... and the brightening the photo's meter evidence may carry (EV): the classic engine's own cap. Until round 18
     * every brightening over 1.0 EV was a review; on the photo lab all nine were the meter's (both readings agreeing)
     * and right, the product's colour coming from CIEDE2000 6.5–16.0 to 0.3–6.5 against the truth, each within
     * 0.34 EV of the exposure fault rendered (-0.95..-1.52 EV) — and no faultless photo metered past the dead zone.
     */
    static final double MAX_METERED_EV = 1.8;
    /** How far (EV) a brightening may exceed what the meter asked for and still count as the meter's. */
    static final double METERED_SLACK_EV = 0.25;
    /**
     * Lighting's declared white-balance correction beyond which the colours must be confirmed (strongest/weakest channel gain).
     * 1.45 until round 4; against the photo lab's neutral truth the classic engine's corrections above 1.25 were a coin
     * flip: 4 of 8 moved a near-neutral product towards blue (cast 1.3 → 4.1, 1.3 → 5.1, 2.0 → 6.7, 1.2 → 2.7: warm wood
     * and stone fooled both estimates together), 3 removed a real cast (7.1 → 3.1, 9.4 → 6.0, 3.3 → 1.0).
     */
    static final double MAX_DECLARED_CAST = 1.25;
    /** Agreement of lighting's white-balance estimates below which the product's colours are a guess. */
    static final double MIN_WHITE_BALANCE_EVIDENCE = 0.5;
    /** ... unless both estimates saw a light within this of neutral (strongest/weakest channel). */
    static final double MAX_UNCONFIRMED_CAST = 1.12;
    /** Over-exposure (EV) the lighting step's meter read and left that is tolerated: its own dead zone. */
    static final double MAX_EXPOSURE_LEFT = 0.4;
    /** Share of the product's pixels newly clipped to white (not clipped in the photo) that is tolerated. */
    static final double MAX_NEW_CLIPPED = 0.005;
    /** A detailed cell whose gradient energy fell below this share of the photo's has lost its detail. */
    static final double LOST_RATIO = 0.5;
    /** Share of the product's detailed cells that may lose detail. */
    static final double MAX_LOST_SHARE = 0.15;
    /** Brightness bands over which the product's grain is read, and the fewest cells a band may have. */
    static final int BRIGHTNESS_BANDS = 4;
    static final int MIN_BAND_CELLS = 40;

    private FidelityToPhoto() {
    }

    static List<Finding> judge(BaseEvidence ev, float[] masterAlpha, ArgbPixels finalImage, Placement placement) {
        List<Finding> out = new ArrayList<>();
        Rectangle box = dev.refinery.color.Masks.boundingBox(masterAlpha, ev.master().width(), ev.master().height(), 0.5);
        if (box.isEmpty()) {
            return out;
        }
        LightingIntent declared = ev.lighting();
        PhotoSamples s = PhotoSamples.of(ev, masterAlpha, finalImage, placement, box, declared == null);
        int cw = s.gw / CELL, ch = s.gh / CELL;
        int cells = cw * ch;
        double[][] baseMean = new double[3][cells], finMean = new double[3][cells], pred = new double[3][cells];
        double[] eBase = new double[cells], eFin = new double[cells];
        // the brightest photo value of each channel in each cell: a cell any of whose pixels lighting's highlight shoulder bent is not compared
        double[][] peak = new double[3][cells];
        boolean[] inside = new boolean[cells];
        long interior = 0, newlyClipped = 0;
        // where: the grid's points newly clipped (the grid lies over the photo, so its areas are the photo's)
        boolean[] clippedAt = new boolean[s.gw * s.gh];
        int w = ev.base().width(), h = ev.base().height();
        // The seller's product-colour requests, declared by the detail stage: applied to each predicted point in order.
        List<BodyColourShift> shifts = s.master == null ? ev.colourShifts() : List.of();
        float[][] shifted = shifts.isEmpty() ? null : predictShifted(s, declared, shifts, w, h);
        double[] gains = new double[3];
        for (int cy = 0; cy < ch; cy++) {
            for (int cx = 0; cx < cw; cx++) {
                int c = cy * cw + cx;
                boolean in = true;
                double eb = 0, ef = 0;
                double px = s.box.x + (cx + 0.5) * CELL * s.step, py = s.box.y + (cy + 0.5) * CELL * s.step;
                for (int k = 0; k < 3 && s.master == null; k++) {
                    gains[k] = declared.gain(k, px, py, w, h);
                }
                for (int y = cy * CELL; y < cy * CELL + CELL && in; y++) {
                    for (int x = cx * CELL; x < cx * CELL + CELL; x++) {
                        int i = y * s.gw + x;
                        if (s.alpha[i] < 0.98f) {
                            in = false;
                            break;
                        }
                        for (int k = 0; k < 3; k++) {
                            peak[k][c] = Math.max(peak[k][c], s.base[k][i]);
                            baseMean[k][c] += s.base[k][i];
                            finMean[k][c] += s.fin[k][i];
                            if (s.master != null) {
                                pred[k][c] += s.master[k][i];
                            }
                        }
                        if (shifted != null) {
                            for (int k = 0; k < 3; k++) {
                                pred[k][c] += shifted[k][i];
                            }
                        }
                        if (x + 1 < s.gw && y + 1 < s.gh) {
                            eb += Math.abs(s.baseLuma[i + 1] - s.baseLuma[i]) + Math.abs(s.baseLuma[i + s.gw] - s.baseLuma[i]);
                            ef += Math.abs(s.finLuma[i + 1] - s.finLuma[i]) + Math.abs(s.finLuma[i + s.gw] - s.finLuma[i]);
                        }
                    }
                }
                inside[c] = in;
                if (!in) {
                    continue;
                }
                double n = CELL * CELL;
                for (int k = 0; k < 3; k++) {
                    baseMean[k][c] /= n;
                    finMean[k][c] /= n;
                    double gain = s.master != null ? 1 : gains[k];
                    pred[k][c] = s.master != null || !shifts.isEmpty() ? pred[k][c] / n : baseMean[k][c] * gain;
                    peak[k][c] *= gain;
                }
                eBase[c] = eb / n;
                eFin[c] = ef / n;
                for (int y = cy * CELL; y < cy * CELL + CELL; y++) {
                    for (int x = cx * CELL; x < cx * CELL + CELL; x++) {
                        int i = y * s.gw + x;
                        interior++;
                        if (max(s.fin, i) >= CLIP_LINEAR && max(s.base, i) < UNCLIPPED_LINEAR) {
                            newlyClipped++;
                            clippedAt[i] = true;
                        }
                    }
                }
            }
        }
        if (interior == 0) {
            return out;
        }
        out.add(intent(declared, !shifts.isEmpty(), finMean, pred, peak, inside));
        if (declared != null) {
            out.add(declaredChange(declared));
            if (!Double.isNaN(declared.whiteBalanceEvidence())) {
                out.add(whiteBalance(declared.whiteBalanceEvidence(), declared.estimatedCast()));
            }
            if (!Double.isNaN(declared.residualCast())) {
                out.add(castLeft(declared.residualCast()));
            }
            if (!Double.isNaN(declared.exposureLeft())) {
                out.add(exposureLeft(declared.exposureLeft()));
            }
            if (!Double.isNaN(declared.exposureShort())) {
                out.add(exposureShort(declared.exposureShort()));
            }
        } else {
            // An engine that declares nothing (a model's edit): what it did is measured, photo to master, and
            // held to the same bounds as a declared correction; it can show no evidence for a large one.
            LightingIntent measured = measuredChange(baseMean, pred, peak, inside);
            if (measured != null) {
                out.add(declaredChange(measured));
            }
        }
        double clipped = newlyClipped / (double) interior;
        out.add(clipped <= MAX_NEW_CLIPPED
                ? Finding.pass("clipping", clipped, "<= " + MAX_NEW_CLIPPED + " of the product newly clipped")
                : new Finding("clipping", false, clipped, "<= " + MAX_NEW_CLIPPED + " of the product newly clipped",
                        String.format(Locale.ROOT, "%.1f%% of the product turned pure white where the photo had detail (clipped highlights or a pale part taken for background): "
                                + "the lighting or background stage could fix it; review the final against the photo", clipped * 100), null, Map.of(),
                        new Regions.Collector(s.step, s.box.x, s.box.y, w, h).areas(clippedAt, s.gw, s.gh).regions()));
        out.add(detail(eBase, eFin, cellLuminance(baseMean), inside));
        return out;
    }

    /**
     * The photo's grid through lighting's gains (each cell's, at its centre) and then the declared product-colour shifts
     * in order, each applied as the engine applied it ({@link BodyColourShift#apply(int[], int)}: the body's large regions
     * on this grid, not its print), in linear light; points outside the cut-out are left black and never compared.
     */
    private static float[][] predictShifted(PhotoSamples s, LightingIntent declared, List<BodyColourShift> shifts, int w, int h) {
        int n = s.gw * s.gh, cw = Math.max(1, s.gw / CELL), ch = Math.max(1, s.gh / CELL);
        double[][] cellGain = new double[3][cw * ch];
        for (int cy = 0; cy < ch; cy++) {
            for (int cx = 0; cx < cw; cx++) {
                double px = s.box.x + (cx + 0.5) * CELL * s.step, py = s.box.y + (cy + 0.5) * CELL * s.step;
                for (int k = 0; k < 3; k++) {
                    cellGain[k][cy * cw + cx] = declared.gain(k, px, py, w, h);
                }
            }
        }
        int[] argb = new int[n];
        for (int i = 0; i < n; i++) {
            if (s.alpha[i] < 0.5f) {
                continue;
            }
            int c = Math.min(ch - 1, i / s.gw / CELL) * cw + Math.min(cw - 1, i % s.gw / CELL);
            argb[i] = 0xFF000000 | ColorMath.fromLinear(clamp(s.base[0][i] * cellGain[0][c])) << 16
                    | ColorMath.fromLinear(clamp(s.base[1][i] * cellGain[1][c])) << 8 | ColorMath.fromLinear(clamp(s.base[2][i] * cellGain[2][c]));
        }
        for (BodyColourShift shift : shifts) {
            argb = shift.apply(argb, s.gw);
        }
        float[][] out = new float[3][n];
        for (int i = 0; i < n; i++) {
            out[0][i] = (float) ColorMath.toLinear(argb[i] >> 16);
            out[1][i] = (float) ColorMath.toLinear(argb[i] >> 8);
            out[2][i] = (float) ColorMath.toLinear(argb[i]);
        }
        return out;
    }

    /** sRGB 254 and 250 in linear light. */
    private static final float CLIP_LINEAR = (float) ColorMath.toLinear(254);
    private static final float UNCLIPPED_LINEAR = (float) ColorMath.toLinear(250);

    private static float max(float[][] rgb, int i) {
        return Math.max(rgb[0][i], Math.max(rgb[1][i], rgb[2][i]));
    }

    /** The final's colours against the prediction from the photo and lighting's declaration. */
    private static Finding intent(LightingIntent declared, boolean shifted, double[][] fin, double[][] pred, double[][] peak, boolean[] inside) {
        int cells = inside.length;
        double[][] ratios = new double[3][cells];
        int[] counts = new int[3];
        double[] de = new double[cells];
        int m = 0;
        for (int c = 0; c < cells; c++) {
            if (!inside[c]) {
                continue;
            }
            double pmax = Math.max(peak[0][c], Math.max(peak[1][c], peak[2][c]));
            // Above 0.7 lighting's highlight shoulder bends the prediction; below 0.01 noise rules: each channel is
            // compared where it is above the noise, so a saturated or dark product (a deep red's blue, a brown
            // bottle's) is still measured by its other channels. Until round 10 a cell needed all three, and a
            // brown bottle darkened by 1 EV had none: a 1.5 EV change of its final passed.
            if (pmax > 0.7) {
                continue;
            }
            for (int k = 0; k < 3; k++) {
                if (pred[k][c] >= 0.01) {
                    ratios[k][counts[k]++] = Math.log(Math.max(1e-6, fin[k][c]) / pred[k][c]) / Math.log(2);
                }
            }
            if (Math.max(pred[0][c], Math.max(pred[1][c], pred[2][c])) >= 0.01) {
                de[m++] = ColorMath.deltaE2000(ColorMath.linearToLab(clamp(pred[0][c]), clamp(pred[1][c]), clamp(pred[2][c])),
                        ColorMath.linearToLab(fin[0][c], fin[1][c], fin[2][c]));
            }
        }
        double worstEv = 0;
        int worstChannel = 0;
        for (int k = 0; k < 3; k++) {
            if (counts[k] == 0) {
                continue;
            }
            double med = median(Arrays.copyOf(ratios[k], counts[k]));
            if (Math.abs(med) > Math.abs(worstEv)) {
                worstEv = med;
                worstChannel = k;
            }
        }
        double p90 = m == 0 ? 0 : percentile(Arrays.copyOf(de, m), 0.9);
        String what = declared == null ? "the master finalize was given"
                : shifted ? "the photo with lighting's declared correction and the product colour asked for" : "the photo with lighting's declared correction";
        String expected = String.format(Locale.ROOT, "channels within %.2f EV and 90%% of areas within CIEDE2000 %.0f of %s", MAX_UNDECLARED_EV, MAX_CELL_DELTA_E, what);
        if (Math.abs(worstEv) > MAX_UNDECLARED_EV) {
            return new Finding("colour-intent", false, worstEv, expected, String.format(Locale.ROOT,
                    "the product's %s channel is %+.2f EV off %s: something changed its colours or exposure that no stage declared; review the final against the photo",
                    new String[] {"red", "green", "blue"}[worstChannel], worstEv, what), null, Map.of());
        }
        if (p90 > MAX_CELL_DELTA_E) {
            return new Finding("colour-intent", false, p90, expected, String.format(Locale.ROOT,
                    "parts of the product changed colour by CIEDE2000 %.1f or more against %s: review the final against the photo", p90, what), null, Map.of());
        }
        return Finding.pass("colour-intent", p90, expected);
    }

    /** Per-channel median gain from the photo's cells to the master's (cells clear of highlights and noise), as an intent. */
    private static LightingIntent measuredChange(double[][] base, double[][] master, double[][] peak, boolean[] inside) {
        int cells = inside.length;
        double[][] ratios = new double[3][cells];
        int n = 0;
        for (int c = 0; c < cells; c++) {
            double bmin = Math.min(base[0][c], Math.min(base[1][c], base[2][c]));
            double pmax = Math.max(peak[0][c], Math.max(peak[1][c], peak[2][c]));
            if (!inside[c] || bmin < 0.01 || pmax > 0.7 || master[0][c] <= 0 || master[1][c] <= 0 || master[2][c] <= 0) {
                continue;
            }
            for (int k = 0; k < 3; k++) {
                ratios[k][n] = Math.log(master[k][c] / base[k][c]);
            }
            n++;
        }
        if (n < 3) {
            return null;
        }
        double[] g = new double[3];
        for (int k = 0; k < 3; k++) {
            g[k] = Math.exp(median(Arrays.copyOf(ratios[k], n)));
        }
        double ev = Math.log(0.2126 * g[0] + 0.7152 * g[1] + 0.0722 * g[2]) / Math.log(2);
        double e = Math.pow(2, ev);
        return new LightingIntent(g[0] / e, g[1] / e, g[2] / e, ev, 0);
    }

    /** Lighting's own correction, bounded: a large one is a guess about the scene that the seller must confirm. */
    private static Finding declaredChange(LightingIntent d) {
        double cast = d.castCorrection();
        boolean metered = meteredBrightening(d);
        String expected = metered
                ? String.format(Locale.ROOT, "EV <= %.1f, as the photo's meter asked (%+.2f EV), and white-balance gains within %.2f",
                        MAX_METERED_EV, d.exposureMetered(), MAX_DECLARED_CAST)
                : String.format(Locale.ROOT, "|EV| <= %.1f and white-balance gains within %.2f", MAX_DECLARED_EV, MAX_DECLARED_CAST);
        if (Math.abs(d.exposureEv()) > MAX_DECLARED_EV && !metered) {
            return new Finding("lighting-change", false, d.exposureEv(), expected, String.format(Locale.ROOT,
                    "lighting changed the exposure by %+.2f EV, more than %.1f EV: if the photo was not that %s, the product's colours are wrong; "
                            + "the lighting stage could redo it gentler, or shoot with correct exposure", d.exposureEv(), MAX_DECLARED_EV,
                    d.exposureEv() > 0 ? "dark" : "bright"), null, Map.of());
        }
        if (cast > MAX_DECLARED_CAST) {
            return new Finding("lighting-change", false, cast, expected, String.format(Locale.ROOT,
                    "lighting corrected a colour cast with gains up to %.2f× between channels: a guess about the light that may have changed the product's colour; "
                            + "check the colours, or shoot under neutral light", cast), null, Map.of());
        }
        return Finding.pass("lighting-change", d.exposureEv(), expected);
    }

    /**
     * A brightening the photo's own meter evidence asks for: within {@link #MAX_METERED_EV} and no more than
     * {@link #METERED_SLACK_EV} past the meter's reading. A model's brightening is weighed against the classic meter's
     * reading of the same photo, so a model that brightens a well-exposed photo by 1.5 EV is still a guess.
     */
    static boolean meteredBrightening(LightingIntent d) {
        double asked = d.exposureMetered();
        return !Double.isNaN(asked) && d.exposureEv() > 0 && d.exposureEv() <= MAX_METERED_EV
                && d.exposureEv() <= asked + METERED_SLACK_EV;
    }

    /**
     * The light's colour must be known for the product's colours to be right: where the engine's
     * estimates of it disagreed and either saw a noticeable cast, the final may keep the scene's light.
     * Where both saw a light within {@link #MAX_UNCONFIRMED_CAST} of neutral their disagreement is about
     * little: on the photo lab (neutral truth) those finals kept a cast of CIEDE2000 0.7–4 (from 0.1–4.7 in the
     * photo), while disagreeing estimates of a tungsten or mixed light left 6–9.
     */
    private static Finding whiteBalance(double evidence, double estimatedCast) {
        String expected = ">= " + MIN_WHITE_BALANCE_EVIDENCE + " agreement of the light's colour estimates, unless both see a cast under "
                + MAX_UNCONFIRMED_CAST;
        boolean slight = !Double.isNaN(estimatedCast) && estimatedCast <= MAX_UNCONFIRMED_CAST;
        return evidence >= MIN_WHITE_BALANCE_EVIDENCE || slight
                ? Finding.pass("white-balance", evidence, expected)
                : new Finding("white-balance", false, evidence, expected, String.format(Locale.ROOT,
                        "the colour of the light could not be told from the photo (its estimates agree only %.0f%%%s), so the product's colours "
                                + "may carry the room's light: check them against the product, or photograph it in daylight or under a neutral lamp",
                        evidence * 100, Double.isNaN(estimatedCast) ? "" : String.format(Locale.ROOT, ", and one sees a cast of %.2f×", estimatedCast)),
                        null, Map.of());
    }

    /**
     * A cast the light meter sees in the photo and the lighting step did not remove (a model asked to
     * neutralise the light that left it): the product keeps the room's colour. Held to the bound under
     * which disagreeing estimates are let pass ({@link #MAX_UNCONFIRMED_CAST}): the photo lab's finals
     * that kept a cast up to that left CIEDE2000 0.7–4.
     */
    private static Finding castLeft(double residual) {
        String expected = "<= " + MAX_UNCONFIRMED_CAST + " cast left of what the photo's light asks to correct";
        return residual <= MAX_UNCONFIRMED_CAST
                ? Finding.pass("white-balance-left", residual, expected)
                : new Finding("white-balance-left", false, residual, expected, String.format(Locale.ROOT,
                        "the photo's light has a colour cast (%.2f× between channels) that lighting did not remove, so the product's colours "
                                + "carry it: the lighting stage could redo it, or photograph the product in daylight or under a neutral lamp", residual),
                        Stage.LIGHTING, Map.of());
    }

    /**
     * An under-exposed photo lighting did not brighten as far as the meter asked: the product shows darker than it is.
     * The openai engine's model decides the light and may leave a dark photo dark; before this the check compared the
     * final only with the change declared, so a photo left 1.1–1.4 EV under-exposed ended COMPLETED (photo lab pl-037
     * and pl-052 through the fake images API, ΔE 10.6–11.3 to the true colour). Held to the classic meter's own dead
     * zone ({@link #MAX_EXPOSURE_LEFT} EV, as for over-exposure).
     */
    private static Finding exposureShort(double ev) {
        String expected = "<= " + MAX_EXPOSURE_LEFT + " EV of under-exposure the meter reads and lighting left";
        return ev <= MAX_EXPOSURE_LEFT
                ? Finding.pass("exposure-short", ev, expected)
                : new Finding("exposure-short", false, ev, expected, String.format(Locale.ROOT,
                        "the photo is about %.1f EV darker than a camera exposes a scene and the lighting step did not brighten it that far: the "
                                + "product most likely shows darker than it is; ask for \"brighter\", or refine it with the classic engine, which sets "
                                + "the exposure by measurement; if it is meant to look this dark, approve it", ev), null, Map.of());
    }

    /**
     * An over-metered photo lighting did not darken (its backdrop is light, which may be meant): the product may be
     * paler than it is. Held to the meter's own dead zone: on the photo lab every faultless photo metered within
     * 0.15 EV of a camera's exposure, every over-exposed one (+0.6..+1.2 EV) 0.41 EV or more over.
     */
    private static Finding exposureLeft(double ev) {
        String expected = "<= " + MAX_EXPOSURE_LEFT + " EV of over-exposure the meter reads and lighting left";
        return ev <= MAX_EXPOSURE_LEFT
                ? Finding.pass("exposure-left", ev, expected)
                : new Finding("exposure-left", false, ev, expected, String.format(Locale.ROOT,
                        "the photo is %.1f EV brighter than a camera exposes a scene and lighting did not darken it, because its backdrop is light "
                                + "and may be bright on purpose: if the product looks paler than it is, photograph it with less exposure (or ask for "
                                + "\"darker\"); if its colours are right, approve it", ev), null, Map.of());
    }

    /**
     * Cells where the photo showed detail (text, texture, edges) must still show it. Grain is not detail: each
     * picture's grain is taken out of its cells' gradient energy first (detail and grain add about as squares), so
     * a detail stage that removes grain keeps the print. And grain grows with brightness (a sensor's shot noise):
     * the grain a cell is held to is that of cells of its own brightness (the flattest fifth of each of up to
     * {@value #BRIGHTNESS_BANDS} equal bands), not of the photo's darkest flat areas. With one grain level for the
     * whole product, a final denoised from sigma 3.7 to 0.5 "lost" all 8 of its "detailed" cells — the label's
     * bright paper, whose grain was three times the dark cap's — while its label's SSIM against the clean render
     * rose from 0.80 to 0.88 (photo lab pl-055). A label washed out to white loses its energy either way.
     */
    private static Finding detail(double[] eBase, double[] eFin, double[] luminance, boolean[] inside) {
        int cells = inside.length;
        Integer[] order = java.util.stream.IntStream.range(0, cells).filter(c -> inside[c]).boxed()
                .sorted(java.util.Comparator.comparingDouble(c -> luminance[c])).toArray(Integer[]::new);
        int n = order.length;
        int bands = Math.max(1, Math.min(BRIGHTNESS_BANDS, n / MIN_BAND_CELLS));
        double[] grain = new double[cells], finGrain = new double[cells];
        for (int band = 0; band < bands; band++) {
            int from = band * n / bands, to = (band + 1) * n / bands;
            double[] base = new double[to - from], fin = new double[to - from];
            for (int k = from; k < to; k++) {
                base[k - from] = eBase[order[k]];
                fin[k - from] = eFin[order[k]];
            }
            double floor = percentile(base, 0.2), finFloor = percentile(fin, 0.2);
            for (int k = from; k < to; k++) {
                grain[order[k]] = floor;
                finGrain[order[k]] = finFloor;
            }
        }
        int textured = 0, lost = 0;
        for (int c = 0; c < cells; c++) {
            if (inside[c] && eBase[c] >= Math.max(4.0, 3 * grain[c])) {
                textured++;
                if (withoutGrain(eFin[c], finGrain[c]) < LOST_RATIO * withoutGrain(eBase[c], grain[c])) {
                    lost++;
                }
            }
        }
        double share = textured == 0 ? 0 : lost / (double) textured;
        String expected = "<= " + MAX_LOST_SHARE + " of the detailed areas lose their detail";
        return share <= MAX_LOST_SHARE || lost < 3
                ? Finding.pass("detail-kept", share, expected)
                : new Finding("detail-kept", false, share, expected, String.format(Locale.ROOT,
                        "%.0f%% of the product's detailed areas (label text, texture, edges) lost their detail against the photo: "
                                + "text may be erased or washed out; review the final, the detail or lighting stage could fix it", share * 100), null, Map.of());
    }

    /** Each cell's mean linear luminance in the photo. */
    private static double[] cellLuminance(double[][] mean) {
        double[] y = new double[mean[0].length];
        for (int c = 0; c < y.length; c++) {
            y[c] = 0.2126 * mean[0][c] + 0.7152 * mean[1][c] + 0.0722 * mean[2][c];
        }
        return y;
    }

    /** A cell's gradient energy less the picture's grain, taking the two as adding in squares. */
    private static double withoutGrain(double energy, double grain) {
        return Math.sqrt(Math.max(0, energy * energy - grain * grain));
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    static double median(double[] v) {
        return percentile(v, 0.5);
    }

    static double percentile(double[] v, double q) {
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        return v[(int) Math.min(v.length - 1, Math.floor(q * v.length))];
    }
}
