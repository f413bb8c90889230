package dev.refinery.imaging.classic;

import dev.refinery.color.FramedBackdrop;
import dev.refinery.engine.ProductSegmenter;
import dev.refinery.imaging.saliency.ProductSaliency;
import dev.refinery.imaging.saliency.SaliencyMap;
import dev.refinery.imaging.saliency.U2NetpSaliency;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.Locale;
import java.util.Map;

/**
 * Separates a product from its backdrop without a user-drawn rectangle. Since round 16 the cut starts from a
 * salient-object model ({@link ProductSaliency}, by default U²-Net-p: {@link #salientCut}), cleaned up and placed on
 * the photo's edges by the steps 4–5 below; the colour cut of steps 1–3, in pure Java, confirms the holes the model
 * filled ({@link #openConfirmedHoles}) and remains for measuring ({@link Settings#withSaliencyFirst}):
 *
 * <ol>
 *   <li>work at a reduced size (long side {@link Settings#workingSide()}, area-averaged);</li>
 *   <li>learn the backdrop's colours from a band along the photo's border (a Gaussian mixture
 *       with a shadow line per light colour: the backdrop in its own contact shadow), seed the
 *       product with what that model cannot explain;</li>
 *   <li>GrabCut-style iterations: colour mixtures for product and backdrop, an 8-connected
 *       contrast-sensitive smoothness term, a minimum cut ({@link MaxFlow}); the outer ring of
 *       pixels is backdrop by constraint. Two starts (the seeds; a rectangle around them), the
 *       lower energy wins;</li>
 *   <li>clean up: an opening removes strips such as a floor/wall seam, keep the product's
 *       connected parts, fill specks, keep real holes;</li>
 *   <li>back to full size with a colour-guided filter (He et al., "fast guided filter") restricted
 *       to a band around the cut, so the edge follows the photo's own edges and is slightly soft.</li>
 * </ol>
 * The measurements behind these choices are in docs/decisions.md ("Segmentation method").
 */
public final class ClassicSegmenter implements ProductSegmenter {

    /**
     * @param workingSide     long side of the image the cut is computed on
     * @param components      Gaussians per colour mixture
     * @param iterations      GrabCut re-estimation rounds
     * @param smoothness      weight of the contrast-sensitive smoothness term (GrabCut's gamma)
     * @param guideRadius     guided-filter radius at working size
     * @param guideEps        guided-filter regularisation (colours in 0..1)
     * @param edgeContrast    slope applied to the guided-filter output around 0.5 (higher: harder edges)
     * @param guideSmoothing  radius, in working pixels, of the box mean the full-size guide is taken through before
     *                        the guided filter's coefficients apply to it (0: the photo's own pixels). The
     *                        coefficients are smooth, but the photo's sensor noise is not, and the edge contrast
     *                        amplifies it: on the photo lab's noisy renders the outline came out speckled, a
     *                        salt-and-pepper rim of backdrop white on the final (pl-001, COMPLETED), and the
     *                        specks' own outlines cost boundary F. 0.25 (a 3×3 mean at 1600 px): on 23 photo-lab
     *                        photos specks per cut-out 71 → 21, boundary F 0.619 → 0.636 (better on 12, worse on 2),
     *                        IoU unchanged; 0.4 and 0.7 (5×5, 7×7) smoothed as well but moved more outlines the
     *                        wrong way (worse on 4 and 5). Off by default for now: see {@link #DEFAULT}.
     * @param bandCut         place the outline again at full resolution, on the photo's edges ({@link BandCut})
     * @param saliencyFirst   cut where the salient-object model says product ({@link #salientCut}) instead of by the
     *                        backdrop's colours (GrabCut)
     */
    public record Settings(int workingSide, int components, int iterations, double smoothness,
                           int guideRadius, double guideEps, double edgeContrast, double guideSmoothing, boolean rowBackdrop,
                           boolean bandCut, boolean saliencyFirst) {
        /**
         * Guide smoothing off: 0.25 removes the speckled rim (measured below), but on the photo lab it also removed
         * the outline doubts that had sent three broken finals to review, and they ended COMPLETED (a folded
         * garment's dark contact shadow kept, pl-014; two finals with slivers of backdrop); it comes back with a
         * check that sees a deep contact shadow on its own (docs/decisions.md, "Speckled edges").
         * The band cut ({@link BandCut}) is on since round 12: measured first without the check that now sees a kept
         * contact shadow by its soft edge ({@code cutout-contact-shadow}), it too took away the only signs that had
         * sent three finals with a near-black contact shadow under the product to review; with that check, make
         * quality has 0 false passes again (docs/decisions.md, round 12).
         */
        public static final Settings DEFAULT = new Settings(360, 5, 3, 50, 2, 2e-3, 2.0, 0, true, true, true);

        /** A colour cut (no salient-object model) with these parameters: the segmentation benchmark's variants. */
        public Settings(int workingSide, int components, int iterations, double smoothness, int guideRadius, double guideEps, double edgeContrast) {
            this(workingSide, components, iterations, smoothness, guideRadius, guideEps, edgeContrast, 0, true, true, false);
        }

        public Settings withGuideSmoothing(double radius) {
            return new Settings(workingSide, components, iterations, smoothness, guideRadius, guideEps, edgeContrast, radius, rowBackdrop, bandCut, saliencyFirst);
        }

        /** Without (false) the second cut made with the backdrop beside the product ({@link RowBackdrop}): for measuring it. */
        public Settings withRowBackdrop(boolean on) {
            return new Settings(workingSide, components, iterations, smoothness, guideRadius, guideEps, edgeContrast, guideSmoothing, on, bandCut, saliencyFirst);
        }

        /** Without (false) the outline placed again at full resolution ({@link BandCut}): for measuring it. */
        public Settings withBandCut(boolean on) {
            return new Settings(workingSide, components, iterations, smoothness, guideRadius, guideEps, edgeContrast, guideSmoothing, rowBackdrop, on, saliencyFirst);
        }

        /** The colour cut (false) instead of the salient-object model's: for measuring it, and the colour cut's own tests. */
        public Settings withSaliencyFirst(boolean on) {
            return new Settings(workingSide, components, iterations, smoothness, guideRadius, guideEps, edgeContrast, guideSmoothing, rowBackdrop, bandCut, on);
        }
    }

    /** What a segmentation found, for the engine's checks and metrics. */
    public record Result(float[] alpha, int width, int height, double foregroundShare, double borderTouch, long millis,
                         Diagnostics diagnostics) {
        Result withDiagnostics(Diagnostics d) {
            return new Result(alpha, width, height, foregroundShare, borderTouch, millis, d);
        }
    }

    /**
     * What the cut's own evidence says about it, for the quality check (working size, before clean-up):
     *
     * @param startsIoU      IoU of the seed start's and the rectangle start's cuts (1: they agree; low: the
     *                       photo's colours support two different products)
     * @param winner         which start's cut was kept ({@code seeds} or {@code rectangle}; {@code seeds} when there
     *                       was only one)
     * @param energyMargin   the loser's GrabCut energy over the winner's, minus 1 (0: a coin toss)
     * @param outlineAtFrame share of the product's outline that runs along the photo's frame (just inside the ring
     *                       that is backdrop by construction): a product cut off by the frame, or a table or wall
     *                       taken for product, has a large share
     * @param salientUnsure  for a cut from the salient-object model, {@link #uncertainShare}; NaN for the colour cut
     */
    public record Diagnostics(double startsIoU, String winner, double energyMargin, double outlineAtFrame, double salientUnsure) {
        static final Diagnostics NONE = new Diagnostics(Double.NaN, "none", Double.NaN, Double.NaN, Double.NaN);

        Diagnostics(double startsIoU, String winner, double energyMargin, double outlineAtFrame) {
            this(startsIoU, winner, energyMargin, outlineAtFrame, Double.NaN);
        }
    }

    /** The labels of a GrabCut and how its two starts compared. */
    record Labels(boolean[] fg, double startsIoU, String winner, double energyMargin) {
    }

    enum Mode { NORMAL, STRICT, LOOSE }

    /** A plausible product covers between these shares of the photo... */
    static final double MIN_SHARE = 0.005;
    static final double MAX_SHARE = 0.95;
    /** ... and does not touch more than this share of the photo's border. */
    static final double MAX_BORDER_TOUCH = 0.5;
    private static final int HARD = 1 << 24;
    private static final float UNARY_SCALE = 16f;
    /** Share of a light backdrop colour's weight given to its shadows. */
    private static final double SHADOW_SHARE = 0.3;

    private final Settings settings;
    /** The salient-object model the cut starts from; null when {@link Settings#saliencyFirst()} is off. */
    private final ProductSaliency saliency;

    /** The bundled settings, starting from the bundled salient-object model ({@link U2NetpSaliency}). */
    public ClassicSegmenter() {
        this(Settings.DEFAULT);
    }

    /** These settings; the bundled salient-object model when they start from one. */
    public ClassicSegmenter(Settings settings) {
        this(settings, settings.saliencyFirst() ? U2NetpSaliency.bundled() : null);
    }

    /** The seam for tests: any salient-object model (null: the colour-only cut). */
    public ClassicSegmenter(Settings settings, ProductSaliency saliency) {
        this.settings = settings;
        this.saliency = saliency;
    }


    public Settings settings() {
        return settings;
    }

    @Override
    public float[] segment(BufferedImage image, Map<String, String> hints) {
        return analyse(image, hints).alpha();
    }

    /**
     * The background stage's cut-out, the same for every engine: the segmentation, its grain notches filled
     * ({@link NotchFill}) and the product's contact shadow peeled off its foot ({@link ShadowPeel}; neither for a
     * picture that is already a cut-out), and the cut's evidence for the quality check.
     */
    @Override
    public Segmentation cutOut(BufferedImage image, Map<String, String> hints) {
        int[] px = Pixels.argb(image);
        int w = image.getWidth(), h = image.getHeight();
        long t0 = System.nanoTime();
        Result res = analyse(px, w, h, hints);
        float[] alpha = res.alpha();
        double peeled = 0;
        if (!Pixels.hasTransparency(px)) {
            // notches first: filled after the peel, they would close the peel's ragged rim back into a sliver of shadow
            ShadowPeel.Peeled p = ShadowPeel.peel(px, NotchFill.fill(px, alpha, w, h), w, h);
            alpha = p.alpha();
            peeled = p.share();
        }
        Result r = describe(alpha, w, h, (System.nanoTime() - t0) / 1_000_000);
        Diagnostics d = res.diagnostics();
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("foregroundShare", r.foregroundShare());
        evidence.put("borderTouch", r.borderTouch());
        evidence.put("shadowPeeled", peeled);
        if (!Double.isNaN(d.startsIoU())) {
            evidence.put("startsIoU", d.startsIoU());
            evidence.put("outlineAtFrame", d.outlineAtFrame());
        }
        if (!Double.isNaN(d.salientUnsure())) {
            evidence.put("salientUnsure", d.salientUnsure());
            evidence.put("outlineAtFrame", d.outlineAtFrame());
        }
        evidence.put("segmentMillis", (double) r.millis());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("workingSide", String.valueOf(settings.workingSide()));
        params.put("iterations", String.valueOf(settings.iterations()));
        params.put("cut", saliency != null && !Double.isNaN(d.salientUnsure()) ? "salient:" + saliency.name() : "colour");
        params.put("winningStart", d.winner());
        params.put("startsEnergyMargin", String.format(Locale.ROOT, "%.4f", d.energyMargin()));
        List<String> problems = new ArrayList<>();
        if (r.foregroundShare() < MIN_SHARE) {
            problems.add(String.format(Locale.ROOT, "no plausible product found: it would cover %.2f%% of the photo", r.foregroundShare() * 100));
        } else if (r.foregroundShare() > MAX_SHARE) {
            problems.add(String.format(Locale.ROOT, "no backdrop found: the product would cover %.1f%% of the photo", r.foregroundShare() * 100));
        }
        if (r.borderTouch() > MAX_BORDER_TOUCH) {
            problems.add(String.format(Locale.ROOT, "the product would touch %.0f%% of the photo's border: the backdrop could not be told apart", r.borderTouch() * 100));
        }
        return new Segmentation(alpha, evidence, params, problems);
    }

    public Result analyse(BufferedImage image, Map<String, String> hints) {
        int[] px = Pixels.argb(image);
        return analyse(px, image.getWidth(), image.getHeight(), hints);
    }

    Result analyse(int[] px, int w, int h, Map<String, String> hints) {
        long t0 = System.nanoTime();
        Mode mode = mode(hints);
        float[] alpha;
        Diagnostics[] diag = {Diagnostics.NONE};
        if (Pixels.hasTransparency(px)) {
            // Already a cut-out (a repair or feedback round): its alpha is the product.
            alpha = Pixels.alpha(px);
            if (mode == Mode.STRICT) {
                for (int i = 0; i < alpha.length; i++) {
                    alpha[i] = alpha[i] < 0.1f ? 0 : alpha[i];
                }
            }
        } else {
            alpha = cut(px, w, h, mode, diag);
        }
        return describe(alpha, w, h, (System.nanoTime() - t0) / 1_000_000).withDiagnostics(diag[0]);
    }

    static Mode mode(Map<String, String> hints) {
        String s = hints == null ? null : hints.get("segmentation");
        if (s == null) {
            return Mode.NORMAL;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "strict" -> Mode.STRICT;
            case "loose" -> Mode.LOOSE;
            default -> Mode.NORMAL;
        };
    }

    private float[] cut(int[] px, int w, int h, Mode mode, Diagnostics[] diag) {
        double f = Math.min(1.0, settings.workingSide() / (double) Math.max(w, h));
        int ws = Math.max(8, (int) Math.round(w * f)), hs = Math.max(8, (int) Math.round(h * f));
        float[][] low = Resampler.shrinkRgb(px, w, h, ws, hs);
        if (saliency != null) {
            return salientCut(px, w, h, low, ws, hs, mode, diag);
        }
        Backdrop backdrop = learnBackdrop(low, ws, hs, mode);
        Labels labels = grabCut(low, ws, hs, mode, backdrop, null);
        boolean[] fg = finish(labels.fg(), low, ws, hs, mode);
        if (settings.rowBackdrop()) {
            RowBackdrop rows = RowBackdrop.of(low, ws, hs, ring(ws, hs), band(ws, hs), backdrop.shadowFloor());
            Labels byRows = grabCut(low, ws, hs, mode, backdrop, rows.penalty(ROW_PENALTY, ROW_PENALTY_CAP));
            boolean[] fgByRows = finish(byRows.fg(), low, ws, hs, mode);
            if (preferRowCut(fg, fgByRows, rows, low, ws, hs)) {
                fg = fgByRows;
                labels = new Labels(byRows.fg(), byRows.startsIoU(), "rows-" + byRows.winner(), byRows.energyMargin());
            }
        }
        diag[0] = new Diagnostics(labels.startsIoU(), labels.winner(), labels.energyMargin(), outlineAtFrame(fg, ws, hs));
        return refine(px, w, h, low, fg, ws, hs);
    }

    /**
     * The cut from the salient-object model: its map on the working grid, taken where it says product more likely
     * than not (a cut after a check found backdrop left on the white takes only what it is surer of, a loose one
     * more), cleaned up like the colour cut (floor/wall seams, specks, holes the backdrop shows through) and placed
     * at full size on the photo's own edges. The model alone, thresholded at 0.5, cut the photo lab at IoU 0.930;
     * cleaned up and placed on the edges 0.961 (boundary F 0.842), against 0.836 (0.66) for the colour cut; 22
     * held-out scenes 0.959 (0.867) against 0.846 (0.711). Seeding GrabCut from the map, or adding the map's
     * log-odds to its colour costs, did worse (0.943 / 0.955 at weights 1 / 3): where the colours are ambiguous —
     * the reason the colour cut failed — they pull the outline back onto the shadow or the table.
     * docs/decisions.md, round 16.
     */
    private float[] salientCut(int[] px, int w, int h, float[][] low, int ws, int hs, Mode mode, Diagnostics[] diag) {
        float[] p = saliency.of(px, w, h).resampled(ws, hs);
        p = zoomed(px, w, h, p, ws, hs);
        float threshold = switch (mode) {
            case STRICT -> SALIENT_STRICT;
            case LOOSE -> SALIENT_LOOSE;
            default -> SALIENT;
        };
        boolean[] fg = new boolean[ws * hs];
        int ring = ring(ws, hs);
        for (int y = 0; y < hs; y++) {
            for (int x = 0; x < ws; x++) {
                // the photo's outer ring stays backdrop, as for the colour cut: a product cut off by the frame is the
                // check's to name, not the cut's to hide
                boolean inRing = Math.min(Math.min(x, ws - 1 - x), Math.min(y, hs - 1 - y)) < ring;
                fg[y * ws + x] = !inRing && p[y * ws + x] >= threshold;
            }
        }
        fg = finish(fg, low, ws, hs, mode);
        float[][] lab = labGrid(low, ws * hs);
        fg = openConfirmedHoles(fg, low, lab, ws, hs, mode);
        if (widenHoles(fg, lab, ws, hs) > 0) {
            // what the widened hole cut loose from the product (the strip's far end) goes the way of any speck
            cleanUp(fg, ws, hs, mode);
        }
        diag[0] = new Diagnostics(Double.NaN, saliency.name(), Double.NaN, outlineAtFrame(fg, ws, hs), uncertainShare(p, fg));
        return refine(px, w, h, low, fg, ws, hs);
    }

    /**
     * A small product asked again on a crop around it: the model sees a 320-pixel square, in which a ring that fills a
     * fifth of the photo is a few cells thick. Asked when the product's box spans at most {@link #ZOOM_MAX} of the
     * photo's width and height, and kept only when the two answers agree ({@link #ZOOM_AGREE}): on a patterned cloth
     * the crop, which has lost the context that made the ring stand out, can answer with the cloth (pl-020, IoU
     * 0.86 → 0.40 ungated). Photo lab IoU 0.9609 → 0.9624, boundary F 0.842 → 0.855 (better by > 0.01 on 4 photos, a
     * ring 0.90 → 0.94, worse on 2 by 0.015 and 0.035); held out 0.9593 → 0.9596 (0.866 → 0.871).
     */
    private float[] zoomed(int[] px, int w, int h, float[] p, int ws, int hs) {
        int x0 = ws, y0 = hs, x1 = -1, y1 = -1;
        for (int y = 0; y < hs; y++) {
            for (int x = 0; x < ws; x++) {
                if (p[y * ws + x] >= SALIENT) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0 || Math.max((x1 - x0 + 1) / (double) ws, (y1 - y0 + 1) / (double) hs) > ZOOM_MAX) {
            return p;
        }
        // a quarter of the product's larger side around it, in the photo's pixels
        double m = 0.25 * Math.max(x1 - x0 + 1, y1 - y0 + 1);
        int cx0 = (int) Math.max(0, Math.floor((x0 - m) * w / (double) ws));
        int cy0 = (int) Math.max(0, Math.floor((y0 - m) * h / (double) hs));
        int cx1 = (int) Math.min(w, Math.ceil((x1 + 1 + m) * w / (double) ws));
        int cy1 = (int) Math.min(h, Math.ceil((y1 + 1 + m) * h / (double) hs));
        int cw = cx1 - cx0, ch = cy1 - cy0;
        int[] crop = new int[cw * ch];
        for (int y = 0; y < ch; y++) {
            System.arraycopy(px, (cy0 + y) * w + cx0, crop, y * cw, cw);
        }
        SaliencyMap near = saliency.of(crop, cw, ch);
        float[] out = new float[ws * hs];
        for (int y = 0; y < hs; y++) {
            for (int x = 0; x < ws; x++) {
                double fx = (x + 0.5) * w / ws, fy = (y + 0.5) * h / hs;
                boolean inside = fx >= cx0 && fx < cx1 && fy >= cy0 && fy < cy1;
                out[y * ws + x] = inside ? near.at((fx - cx0) / cw, (fy - cy0) / ch) : 0f;
            }
        }
        boolean[] first = new boolean[ws * hs], again = new boolean[ws * hs];
        for (int i = 0; i < first.length; i++) {
            first[i] = p[i] >= SALIENT;
            again[i] = out[i] >= SALIENT;
        }
        return dev.refinery.color.Masks.iou(first, again) >= ZOOM_AGREE ? out : p;
    }

    static final double ZOOM_MAX = 0.5, ZOOM_AGREE = 0.75;
    /**
     * Opens a hole the model filled, where the colour cut confirms it. The pixels {@link FramedBackdrop} finds (the
     * backdrop seen through the product, framed by it) are a hole in a ring or a handle — or the inside of a clear
     * glass or a polished metal, which must stay. Opening them alone cut the photo lab's five glasses and a metal to
     * IoU 0.32–0.81 (mean 0.962 → 0.930). So when they make at least {@link #FRAMED_OPEN} of the product, the colour
     * cut (GrabCut on the backdrop's colours, {@link #cut}'s other branch) is made too, and the hole is opened as the
     * colour cut draws it (near the framed pixels) only when the two cuts then agree (IoU ≥ {@link #FRAMED_AGREE}):
     * on a glass the colour cut fails outright (agreement 0.01–0.63, a polished metal 0.81), on the synthetic rings it
     * is right (0.94, 0.90), and they come back 0.67 → 0.99 and 0.56 → 0.99. The photo lab and the held-out renders
     * are unchanged; the check names what stays filled ({@code cutout-filled-hole}).
     */
    private boolean[] openConfirmedHoles(boolean[] fg, float[][] low, float[][] lab, int ws, int hs, Mode mode) {
        FramedBackdrop.Found found = FramedBackdrop.find(fg, lab, ws, hs, FRAMED_GEOMETRY, FRAMED_DELTA_E, FRAMED_PIECE);
        if (found.share() < FRAMED_OPEN) {
            return fg;
        }
        boolean[] opened = fg.clone();
        for (int i = 0; i < fg.length; i++) {
            opened[i] &= !found.framed()[i];
        }
        boolean[] colour = finish(grabCut(low, ws, hs, mode, learnBackdrop(low, ws, hs, mode), null).fg(), low, ws, hs, mode);
        if (dev.refinery.color.Masks.iou(colour, opened) < FRAMED_AGREE) {
            return fg;
        }
        boolean[] near = found.framed();
        for (int r = 0; r < FRAMED_REACH; r++) {
            near = dilate(near, ws, hs);
        }
        boolean[] out = fg.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] &= !(near[i] && !colour[i]);
        }
        return out;
    }

    /**
     * The backdrop seen through a hole reaches beyond what the cut left open: framed backdrop ({@link FramedBackdrop},
     * pieces of any size) that touches a hole of the cut-out is part of that hole. The synthetic ring's opening kept
     * the line where its wall meets its cloth as a strip of product, 296 px long on the white final; glass and metal,
     * whose framed pixels have no hole beside them, keep theirs (photo lab and held-out IoU unchanged but for one
     * ring on cloth already broken, pl-045 0.58 → 0.54; the synthetic set's minimum 0.9735 → 0.99).
     *
     * @return the pixels given to the holes
     */
    static int widenHoles(boolean[] fg, float[][] lab, int ws, int hs) {
        int n = ws * hs;
        boolean[] outer = outerBackdrop(fg, ws, hs);
        boolean anyHole = false;
        for (int i = 0; i < n && !anyHole; i++) {
            anyHole = !fg[i] && !outer[i];
        }
        if (!anyHole) {
            return 0;
        }
        boolean[] framed = FramedBackdrop.find(fg, lab, ws, hs, FRAMED_GEOMETRY, FRAMED_DELTA_E, 0).framed();
        // grow the holes through the framed pixels
        int widened = 0, tail = 0;
        int[] queue = new int[n];
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (!fg[i] && !outer[i]) {
                seen[i] = true;
                queue[tail++] = i;
            }
        }
        for (int head = 0; head < tail; ) {
            int p = queue[head++], x = p % ws, y = p / ws;
            int[] nb = {x > 0 ? p - 1 : -1, x < ws - 1 ? p + 1 : -1, y > 0 ? p - ws : -1, y < hs - 1 ? p + ws : -1};
            for (int q : nb) {
                if (q >= 0 && !seen[q] && fg[q] && framed[q]) {
                    seen[q] = true;
                    fg[q] = false;
                    queue[tail++] = q;
                    widened++;
                }
            }
        }
        return widened;
    }

    /** Every working pixel's Lab, for the framed-backdrop test of both hole steps (computed once per cut). */
    private static float[][] labGrid(float[][] low, int n) {
        float[][] lab = new float[n][];
        for (int i = 0; i < n; i++) {
            lab[i] = FramedBackdrop.lab(low[0][i], low[1][i], low[2][i]);
        }
        return lab;
    }

    /** Working-size pixels: soft ends 1, gap 1, sample 2, framing band 1 (the check's half-size geometry over 2.2). */
    static final FramedBackdrop.Geometry FRAMED_GEOMETRY = new FramedBackdrop.Geometry(1, 1, 2, 1);
    static final double FRAMED_DELTA_E = 6, FRAMED_PIECE = 0.005, FRAMED_OPEN = 0.15, FRAMED_AGREE = 0.85;
    /** Working pixels around the framed ones within which the colour cut draws the hole's edge. */
    static final int FRAMED_REACH = 8;


    /** Where the salient-object map says product: more likely than not, and in the repair loop's two modes. */
    static final float SALIENT = 0.5f, SALIENT_STRICT = 0.65f, SALIENT_LOOSE = 0.35f;

    /**
     * How unsure the model was of the product's extent: cells it gave between 0.2 and 0.8, over the cells it called
     * product. A crisp map (the model saw one object) has a thin band of these along the outline; a diffuse one
     * (jewellery on a patterned cloth, two candidate subjects) has a wide one.
     */
    static double uncertainShare(float[] p, boolean[] fg) {
        long unsure = 0, product = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0.2f && p[i] < 0.8f) {
                unsure++;
            }
            if (fg[i]) {
                product++;
            }
        }
        return product == 0 ? 1 : unsure / (double) product;
    }

    /** Nats added to calling a pixel backdrop per noise scale its colour lies beyond the rows' backdrop, and at most. */
    static final double ROW_PENALTY = 1, ROW_PENALTY_CAP = 2;

    /**
     * Whether the cut made with the rows' backdrop replaces the plain one. It must differ (IoU under 0.98), run along
     * the photo's frame no more (a table strip kept to the frame: pl-001), add mostly what the rows' backdrop does not
     * explain (at most half: a ring's opening filled with the wall seen through it explains itself, pl-067), and have
     * an outline on the photo's edges nearly as often (within 0.1: a table kept between two props lowers it by 0.23,
     * pl-032, where a grey mug made whole lowers it by 0.07, pl-016: a whole product's outline crosses its own
     * shading where a fragment's follows its print). Measured on the photo lab (66 photos at 1600 px, the segmenter
     * on the photos as shot, {@code RowBackdropEval}): without the rule the rows' cut was better by IoU > 0.02 on 15
     * photos and worse on 6 (by up to 0.72); with it, taken on 15, better by > 0.02 on 11, worse on 2 (by 0.02 and
     * 0.04). docs/decisions.md, "Round 9: the backdrop beside the product".
     */
    static boolean preferRowCut(boolean[] plain, boolean[] byRows, RowBackdrop rows, float[][] z, int w, int h) {
        if (dev.refinery.color.Masks.iou(plain, byRows) >= 0.98) {
            return false;
        }
        return outlineAtFrame(byRows, w, h) <= outlineAtFrame(plain, w, h) + 0.02
                && rows.explainedShare(byRows, plain) <= 0.5
                && edgeSupport(byRows, z, w, h) >= edgeSupport(plain, z, w, h) - 0.1;
    }

    private boolean[] finish(boolean[] labels, float[][] low, int ws, int hs, Mode mode) {
        boolean[] fg = labels.clone();
        cleanUp(fg, ws, hs, mode);
        if (mode != Mode.LOOSE) {
            removeBands(fg, low, ws, hs);
        }
        fillForeignHoles(fg, low, ws, hs);
        return fg;
    }

    /** Width of the outer ring that is backdrop by construction, at working size. */
    static int ring(int w, int h) {
        return Math.max(1, (int) Math.round(0.012 * Math.max(w, h)));
    }

    /** Width of the border band the backdrop is learned from, at working size. */
    static int band(int w, int h) {
        return Math.max(ring(w, h) + 2, (int) Math.round(0.06 * Math.min(w, h)));
    }

    /**
     * Share of the outline (product pixels with a backdrop 4-neighbour) across which the photo's colour changes: the
     * mean colours two to three pixels inside and outside along the axis of the backdrop neighbour differ by more than
     * {@link #EDGE_STEP} (RGB levels).
     */
    static double edgeSupport(boolean[] fg, float[][] z, int w, int h) {
        long outline = 0, supported = 0;
        int[][] dirs = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
        for (int y = 3; y < h - 3; y++) {
            for (int x = 3; x < w - 3; x++) {
                int i = y * w + x;
                if (!fg[i]) {
                    continue;
                }
                for (int[] d : dirs) {
                    int j = (y + d[1]) * w + x + d[0];
                    if (fg[j]) {
                        continue;
                    }
                    outline++;
                    double dist = 0;
                    for (int c = 0; c < 3; c++) {
                        double in = (z[c][(y - d[1]) * w + x - d[0]] + z[c][(y - 2 * d[1]) * w + x - 2 * d[0]]) / 2;
                        double out = (z[c][(y + 2 * d[1]) * w + x + 2 * d[0]] + z[c][(y + 3 * d[1]) * w + x + 3 * d[0]]) / 2;
                        dist += (in - out) * (in - out);
                    }
                    if (Math.sqrt(dist) >= EDGE_STEP) {
                        supported++;
                    }
                    break;
                }
            }
        }
        return outline == 0 ? 0 : supported / (double) outline;
    }

    /** RGB levels across the outline that count as an edge (about ΔE 5 on mid greys). */
    static final double EDGE_STEP = 12;

    // ------------------------------------------------------------------------------------ GrabCut

    /**
     * What both cuts share, learned once: the ring that is backdrop by construction, the border's colour mixture with
     * its shadow lines, every pixel's cost under it, the seed threshold and the grid's smoothness weights.
     */
    record Backdrop(boolean[] hardBg, ColorModel model, double[] cost, int[] component, float seedThreshold, int[][] weights,
                    double shadowFloor) {
    }

    Backdrop learnBackdrop(float[][] z, int w, int h, Mode mode) {
        int n = w * h;
        int hard = ring(w, h);
        int band = band(w, h);
        boolean[] hardBg = new boolean[n];
        boolean[] borderSample = new boolean[n];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int d = Math.min(Math.min(x, w - 1 - x), Math.min(y, h - 1 - y));
                hardBg[y * w + x] = d < hard;
                borderSample[y * w + x] = d < band;
            }
        }
        double shadowFloor = mode == Mode.STRICT ? 0.45 : 0.55;
        ColorModel bg = ColorModel.fit(z, borderSample, settings.components(), 17).withShadowLines(shadowFloor, SHADOW_SHARE);
        // The backdrop model's costs and most likely components: the seeds and both starts' first cut use them.
        int[] bgComp0 = new int[n];
        double[] costBg0 = costs(bg, z, n, bgComp0);
        float[] borderCosts = new float[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (borderSample[i]) {
                borderCosts[m++] = (float) costBg0[i];
            }
        }
        // seed the product with what the border's colours (and their shadows) explain worse than 98% of the border
        float threshold = percentile(Arrays.copyOf(borderCosts, m), 0.98);
        return new Backdrop(hardBg, bg, costBg0, bgComp0, threshold, neighbourWeights(z, w, h), shadowFloor);
    }

    Labels grabCut(float[][] z, int w, int h, Mode mode, Backdrop backdrop, float[] penalty) {
        int n = w * h;
        boolean[] hardBg = backdrop.hardBg();
        ColorModel bg = backdrop.model();
        int[] bgComp0 = backdrop.component();
        double[] costBg0 = backdrop.cost();
        float threshold = backdrop.seedThreshold();
        double shadowFloor = backdrop.shadowFloor();
        boolean[] fg = new boolean[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            fg[i] = !hardBg[i] && costBg0[i] > threshold;
            if (fg[i]) {
                count++;
            }
        }
        if (penalty != null) {
            // what the backdrop beside it in the same rows does not explain is a seed too
            for (int i = 0; i < n; i++) {
                if (!fg[i] && !hardBg[i] && penalty[i] > 0) {
                    fg[i] = true;
                    count++;
                }
            }
        }
        if (count < 0.002 * n) {
            // Nothing stands out from the border's colours: take the least border-like tenth.
            float[] inner = new float[n];
            int c = 0;
            for (int i = 0; i < n; i++) {
                if (!hardBg[i]) {
                    inner[c++] = (float) costBg0[i];
                }
            }
            float t = percentile(Arrays.copyOf(inner, c), 0.90);
            for (int i = 0; i < n; i++) {
                fg[i] = !hardBg[i] && costBg0[i] >= t;
            }
        }
        int[][] weights = backdrop.weights();
        // GrabCut finds a local optimum of its energy, and a product's parts that resemble something on the
        // border (black fur against dark foliage) can lose to it when the product's model starts from the
        // distinctive seeds only. A second start in GrabCut's own manner, the product's model learning
        // from everything in a rectangle around the (thick) seeds, competes; the lower energy wins.
        boolean[] thick = dilate(erode(fg, w, h), w, h);
        java.awt.Rectangle box = boxOf(thick, w, h);
        FutureTask<Cut> fromRect = null;
        // The cut with the rows' backdrop runs its seeds' start only: its seeds already cover what the border's
        // mixture explains and the rows do not (the rectangle start there won 5 of 13 chosen cuts, but dropping it
        // lost IoU on one photo only, pl-064 0.90 -> 0.48, and kept the segmentation at 1.5x the plain cut's time,
        // not 1.8x: RowBackdropEval, 66 photo-lab photos).
        if (!box.isEmpty() && penalty == null) {
            int mx = box.width / 10 + 1, my = box.height / 10 + 1;
            boolean[] rect = new boolean[n];
            for (int y = Math.max(0, box.y - my); y < Math.min(h, box.y + box.height + my); y++) {
                for (int x = Math.max(0, box.x - mx); x < Math.min(w, box.x + box.width + mx); x++) {
                    rect[y * w + x] = !hardBg[y * w + x];
                }
            }
            // The two starts share only read-only inputs (the models never change once made). The second is
            // offered to a helper thread; if none has taken it up by the time the first is done (every core
            // busy, as in a folder run), this thread runs it itself, so nothing waits in a queue.
            fromRect = new FutureTask<>(
                    () -> iterate(z, w, h, hardBg, rect, bg, costBg0, bgComp0, graph(weights, n, w, h), mode, shadowFloor, penalty));
            SECOND_STARTS.execute(fromRect);
        }
        Cut fromSeeds;
        try {
            fromSeeds = iterate(z, w, h, hardBg, fg, bg, costBg0, bgComp0, graph(weights, n, w, h), mode, shadowFloor, penalty);
        } catch (RuntimeException | Error e) {
            if (fromRect != null) {
                fromRect.cancel(false);
            }
            throw e;
        }
        if (fromRect == null) {
            return new Labels(fromSeeds.labels(), 1, "seeds", Double.NaN);
        }
        fromRect.run(); // a no-op when a helper has started it
        Cut rectCut = result(fromRect);
        double agree = dev.refinery.color.Masks.iou(rectCut.labels(), fromSeeds.labels());
        boolean rectWins = rectCut.energy() < fromSeeds.energy();
        double lo = Math.min(rectCut.energy(), fromSeeds.energy()), hi = Math.max(rectCut.energy(), fromSeeds.energy());
        double margin = lo > 0 ? hi / lo - 1 : Double.NaN;
        return rectWins ? new Labels(rectCut.labels(), agree, "rectangle", margin) : new Labels(fromSeeds.labels(), agree, "seeds", margin);
    }


    /** Share of the product's outline (product pixels with a backdrop 4-neighbour, or on the ring) within two pixels of the backdrop-by-construction ring. */
    static double outlineAtFrame(boolean[] fg, int w, int h) {
        int hard = Math.max(1, (int) Math.round(0.012 * Math.max(w, h)));
        int reach = hard + 2;
        long outline = 0, atFrame = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (!fg[i]) {
                    continue;
                }
                boolean edge = x == 0 || y == 0 || x == w - 1 || y == h - 1 || !fg[i - 1] || !fg[i + 1] || !fg[i - w] || !fg[i + w];
                if (!edge) {
                    continue;
                }
                outline++;
                int d = Math.min(Math.min(x, w - 1 - x), Math.min(y, h - 1 - y));
                if (d <= reach) {
                    atFrame++;
                }
            }
        }
        return outline == 0 ? 0 : atFrame / (double) outline;
    }

    /** Helper threads for the second GrabCut start: one per core beyond the first, shared by every segmenter. */
    private static final ExecutorService SECOND_STARTS = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors() - 1), task -> {
                Thread t = new Thread(task, "grabcut-second-start");
                t.setDaemon(true);
                return t;
            });

    private static Cut result(FutureTask<Cut> task) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("the second GrabCut start failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while segmenting", e);
        }
    }

    /** The grid's smoothness edges, saved so that each iteration only sets new colour terms. */
    private static MaxFlow graph(int[][] weights, int n, int w, int h) {
        MaxFlow g = new MaxFlow(n, 4 * n);
        addEdges(g, weights, w, h);
        g.saveEdges();
        return g;
    }

    private static java.awt.Rectangle boxOf(boolean[] m, int w, int h) {
        int minX = w, minY = h, maxX = -1, maxY = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (m[y * w + x]) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? new java.awt.Rectangle() : new java.awt.Rectangle(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /** A labelling and its GrabCut energy (colour costs plus smoothness, in nats) under the models of its last cut. */
    record Cut(boolean[] labels, double energy) {
    }

    private Cut iterate(float[][] z, int w, int h, boolean[] hardBg, boolean[] init, ColorModel bg0, double[] costBg0, int[] bgComp0,
                        MaxFlow g, Mode mode, double shadowFloor, float[] penalty) {
        int n = w * h;
        int k = settings.components();
        ColorModel bg = bg0;
        ColorModel fgModel = ColorModel.fit(z, init, k, 29);
        // Strict (the quality check found backdrop left on the white): deeper shadow lines and only the largest
        // part take the leftovers away; no bias against the product, whose own pixels must not pay for purity.
        float fgBias = 0f;
        float bgBias = mode == Mode.LOOSE ? 1.0f : 0f;
        boolean[] labels = init;
        int[] bgComp = new int[n], fgComp = new int[n];
        float[] zz = new float[3];
        double[] scratch = new double[2 * k]; // the backdrop's mixture and its shadow lines: at most 2k components
        double energy = 0;
        for (int it = 0; it < settings.iterations(); it++) {
            if (it > 0) {
                bg = ColorModel.refit(bg.components(), z, labels, false, bgComp).withShadowLines(shadowFloor, SHADOW_SHARE);
                fgModel = ColorModel.refit(fgModel.components(), z, labels, true, fgComp);
            }
            g.reuse();
            double fixed = 0;
            for (int i = 0; i < n; i++) {
                zz[0] = z[0][i];
                zz[1] = z[1][i];
                zz[2] = z[2][i];
                double dFg = fgModel.costAndComponent(zz, fgComp, i, scratch) + fgBias;
                double dBg;
                if (it == 0) {
                    dBg = costBg0[i] + bgBias;
                    bgComp[i] = bgComp0[i];
                } else {
                    dBg = bg.costAndComponent(zz, bgComp, i, scratch) + bgBias;
                }
                if (penalty != null) {
                    dBg += penalty[i];
                }
                if (hardBg[i]) {
                    g.addTerminal(i, 0, HARD);
                    fixed += Math.min(1e6, dBg);
                    continue;
                }
                // source = product: cutting i to the backdrop costs dBg, to the product dFg
                int toSource = (int) Math.round(Math.min(1e6, dBg) * UNARY_SCALE);
                int toSink = (int) Math.round(Math.min(1e6, dFg) * UNARY_SCALE);
                g.addTerminal(i, toSource, toSink);
            }
            energy = g.maxflow() / (double) UNARY_SCALE + fixed;
            boolean[] next = new boolean[n];
            for (int i = 0; i < n; i++) {
                next[i] = g.sourceSide(i);
            }
            labels = next;
        }
        return new Cut(labels, energy);
    }

    private static double[] costs(ColorModel model, float[][] z, int n, int[] component) {
        double[] out = new double[n];
        float[] zz = new float[3];
        double[] scratch = new double[model.size()];
        for (int i = 0; i < n; i++) {
            zz[0] = z[0][i];
            zz[1] = z[1][i];
            zz[2] = z[2][i];
            out[i] = model.costAndComponent(zz, component, i, scratch);
        }
        return out;
    }

    /** Contrast-sensitive weights for right, down, down-right and down-left neighbours. */
    private int[][] neighbourWeights(float[][] z, int w, int h) {
        int[][] dx = {{1, 0}, {0, 1}, {1, 1}, {-1, 1}};
        double sum = 0;
        long count = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                for (int[] d : dx) {
                    int xx = x + d[0], yy = y + d[1];
                    if (xx < 0 || xx >= w || yy >= h) {
                        continue;
                    }
                    sum += dist2(z, i, yy * w + xx);
                    count++;
                }
            }
        }
        double beta = sum == 0 ? 0 : 1.0 / (2 * sum / count);
        int[][] out = new int[4][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                for (int e = 0; e < 4; e++) {
                    int xx = x + dx[e][0], yy = y + dx[e][1];
                    if (xx < 0 || xx >= w || yy >= h) {
                        continue;
                    }
                    double len = e < 2 ? 1 : Math.sqrt(2);
                    double wgt = settings.smoothness() / len * Math.exp(-beta * dist2(z, i, yy * w + xx));
                    out[e][i] = (int) Math.round(wgt * UNARY_SCALE);
                }
            }
        }
        return out;
    }

    private static double dist2(float[][] z, int i, int j) {
        double a = z[0][i] - z[0][j], b = z[1][i] - z[1][j], c = z[2][i] - z[2][j];
        return a * a + b * b + c * c;
    }

    private static void addEdges(MaxFlow g, int[][] edges, int w, int h) {
        int[][] dx = {{1, 0}, {0, 1}, {1, 1}, {-1, 1}};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                for (int e = 0; e < 4; e++) {
                    int xx = x + dx[e][0], yy = y + dx[e][1];
                    if (xx < 0 || xx >= w || yy >= h) {
                        continue;
                    }
                    int c = edges[e][i];
                    if (c > 0) {
                        g.addEdge(i, yy * w + xx, c, c);
                    }
                }
            }
        }
    }

    static float percentile(float[] v, double q) {
        if (v.length == 0) {
            return 0;
        }
        return Quantile.select(v.clone(), v.length, Math.min(v.length - 1, (int) Math.floor(q * (v.length - 1))));
    }

    // ------------------------------------------------------------------------------------ clean-up

    /** Keeps the product's main parts and fills specks; holes the size of a handle's opening stay. */
    /** Parts further from the product than this share of its size (bounding boxes' gap) are props. */
    private static final double PART_GAP = 0.05;
    /** How fast a part's claim to be the product falls with its distance from the photo's centre (share of the half-diagonal). */
    private static final double CENTRE_SCALE = 0.6;

    static void cleanUp(boolean[] fg, int w, int h, Mode mode) {
        int n = w * h;
        // Opening (3×3 erosion, then dilation): strips a pixel or two wide, such as a floor/wall seam
        // running into the product, are backdrop.
        boolean[] opened = dilate(erode(fg, w, h), w, h);
        System.arraycopy(opened, 0, fg, 0, n);
        int[] comp = new int[n];
        Arrays.fill(comp, -1);
        java.util.List<int[]> parts = new java.util.ArrayList<>(); // area, minX, minY, maxX, maxY, sumX, sumY
        int[] queue = new int[n];
        for (int s = 0; s < n; s++) {
            if (!fg[s] || comp[s] >= 0) {
                continue;
            }
            int id = parts.size();
            int area = flood(fg, true, comp, id, s, w, h, queue);
            int[] d = {area, w, h, -1, -1, 0, 0};
            for (int q = 0; q < area; q++) {
                int x = queue[q] % w, y = queue[q] / w;
                d[1] = Math.min(d[1], x);
                d[2] = Math.min(d[2], y);
                d[3] = Math.max(d[3], x);
                d[4] = Math.max(d[4], y);
                d[5] += x;
                d[6] += y;
            }
            parts.add(d);
        }
        if (parts.isEmpty()) {
            return;
        }
        // The product is the part the seller framed: large and near the middle (a prop of the same size
        // stands to one side). Other parts stay when they are large enough and close to it (a product the
        // cut split in two, a cup's saucer); a prop standing apart goes, whatever its size.
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0, half = Math.hypot(cx, cy);
        int main = 0;
        double best = -1;
        for (int c = 0; c < parts.size(); c++) {
            int[] d = parts.get(c);
            double off = Math.hypot(d[5] / (double) d[0] - cx, d[6] / (double) d[0] - cy) / half;
            double score = d[0] * Math.exp(-(off / CENTRE_SCALE) * (off / CENTRE_SCALE));
            if (score > best) {
                best = score;
                main = c;
            }
        }
        int[] md = parts.get(main);
        double keepShare = switch (mode) {
            case STRICT -> 0.5;
            case LOOSE -> 0.02;
            default -> 0.12;
        };
        double maxGap = mode == Mode.LOOSE ? Double.MAX_VALUE
                : PART_GAP * Math.max(md[3] - md[1] + 1, md[4] - md[2] + 1);
        boolean[] keep = new boolean[parts.size()];
        for (int c = 0; c < parts.size(); c++) {
            int[] d = parts.get(c);
            int gx = Math.max(0, Math.max(d[1] - md[3], md[1] - d[3]) - 1), gy = Math.max(0, Math.max(d[2] - md[4], md[2] - d[4]) - 1);
            keep[c] = c == main || (d[0] >= keepShare * md[0] && Math.hypot(gx, gy) <= maxGap);
        }
        for (int i = 0; i < n; i++) {
            if (fg[i] && !keep[comp[i]]) {
                fg[i] = false;
            }
        }
        // background specks enclosed by the product
        int[] bcomp = new int[n];
        Arrays.fill(bcomp, -1);
        int maxSpeck = Math.max(4, (int) (0.0015 * n));
        int id = 0;
        for (int s = 0; s < n; s++) {
            if (fg[s] || bcomp[s] >= 0) {
                continue;
            }
            int area = flood(fg, false, bcomp, id, s, w, h, queue);
            boolean touchesBorder = false;
            for (int q = 0; q < area; q++) {
                int p = queue[q];
                int x = p % w, y = p / w;
                if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
                    touchesBorder = true;
                    break;
                }
            }
            if (!touchesBorder && area <= maxSpeck) {
                for (int q = 0; q < area; q++) {
                    fg[queue[q]] = true;
                }
            }
            id++;
        }
    }

    /**
     * Removes bands of the backdrop the cut ran along: a table's far edge, a wall/floor seam or a shelf,
     * kept as a strip that passes behind the product and sticks out on both sides of it, or runs to the
     * photo's frame. Strips are the parts a vertical opening (runs shorter than {@link #BAND_THICKNESS} of
     * the product's size) removes; one is a band when it reaches past the product's thick body by more than
     * {@link #BAND_REACH} of the body's width on both sides at overlapping heights, or on one side to the
     * frame. A part sticking out on one side only (a pan's handle, a spout) stays. Only when the thick body
     * is a good part of the product (a pen or a necklace lying flat is all strip).
     */
    static void removeBands(boolean[] fg, float[][] z, int w, int h) {
        java.awt.Rectangle box = boxOf(fg, w, h);
        if (box.isEmpty()) {
            return;
        }
        int n = w * h;
        int len = Math.max(3, (int) Math.round(BAND_THICKNESS * Math.max(box.width, box.height)));
        boolean[] thick = new boolean[n];
        long all = 0, kept = 0;
        for (int x = 0; x < w; x++) {
            int y = 0;
            while (y < h) {
                if (!fg[y * w + x]) {
                    y++;
                    continue;
                }
                int y0 = y;
                while (y < h && fg[y * w + x]) {
                    y++;
                }
                all += y - y0;
                if (y - y0 >= len) {
                    kept += y - y0;
                    for (int k = y0; k < y; k++) {
                        thick[k * w + x] = true;
                    }
                }
            }
        }
        if (kept < 0.25 * all) {
            return;
        }
        java.awt.Rectangle body = boxOf(thick, w, h);
        double reach = BAND_REACH * body.width;
        int frame = Math.max(1, (int) Math.round(0.012 * Math.max(w, h))) + 3;
        boolean[] strip = new boolean[n];
        for (int i = 0; i < n; i++) {
            strip[i] = fg[i] && !thick[i];
        }
        int[] comp = new int[n];
        Arrays.fill(comp, -1);
        int[] queue = new int[n];
        java.util.List<int[]> parts = new java.util.ArrayList<>(); // side (-1 left, 1 right, 0 none), minY, maxY, atFrame, id
        int id = 0;
        for (int s = 0; s < n; s++) {
            if (!strip[s] || comp[s] >= 0) {
                continue;
            }
            int area = flood(strip, true, comp, id, s, w, h, queue);
            int minX = w, maxX = -1, minY = h, maxY = -1;
            boolean atFrame = false;
            for (int q = 0; q < area; q++) {
                int x = queue[q] % w, y = queue[q] / w;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                atFrame |= Math.min(Math.min(x, w - 1 - x), Math.min(y, h - 1 - y)) < frame;
            }
            int side = body.x - minX > reach ? -1 : maxX - (body.x + body.width - 1) > reach ? 1 : 0;
            parts.add(new int[] {side, minY, maxY, atFrame ? 1 : 0, id});
            id++;
        }
        boolean[] drop = new boolean[id];
        for (int[] a : parts) {
            if (a[0] == 0) {
                continue;
            }
            boolean band = a[3] == 1;
            for (int[] b : parts) {
                if (b[0] == -a[0] && b[1] <= a[2] && a[1] <= b[2]) {
                    band = true;
                }
            }
            drop[a[4]] = band;
        }
        // The band's own colours (where it runs clear of the body) against the body's: a handle or the body's
        // edge that the band's strip swallowed next to the body is given back when it looks like the body.
        double[][] band = new double[2][3], prod = new double[2][3];
        long nb = 0, np = 0;
        for (int i = 0; i < n; i++) {
            int x = i % w;
            boolean clear = x < body.x - reach || x > body.x + body.width - 1 + reach;
            if (strip[i] && drop[comp[i]] && clear) {
                nb++;
                for (int c = 0; c < 3; c++) {
                    band[0][c] += z[c][i];
                    band[1][c] += z[c][i] * z[c][i];
                }
            } else if (thick[i]) {
                np++;
                for (int c = 0; c < 3; c++) {
                    prod[0][c] += z[c][i];
                    prod[1][c] += z[c][i] * z[c][i];
                }
            }
        }
        boolean compare = nb >= 20 && np >= 20;
        double logDet = 0;
        for (int c = 0; c < 3 && compare; c++) {
            band[0][c] /= nb;
            band[1][c] = Math.max(4, band[1][c] / nb - band[0][c] * band[0][c]);
            prod[0][c] /= np;
            prod[1][c] = Math.max(4, prod[1][c] / np - prod[0][c] * prod[0][c]);
            logDet += Math.log(prod[1][c]) - Math.log(band[1][c]);
        }
        for (int i = 0; i < n; i++) {
            if (strip[i] && drop[comp[i]]) {
                boolean product = false;
                if (compare) {
                    double dp = logDet, db = 0;
                    for (int c = 0; c < 3; c++) {
                        dp += (z[c][i] - prod[0][c]) * (z[c][i] - prod[0][c]) / prod[1][c];
                        db += (z[c][i] - band[0][c]) * (z[c][i] - band[0][c]) / band[1][c];
                    }
                    product = dp < db;
                }
                fg[i] = product;
            }
        }
        // what was given back must hang together with the body
        keepConnectedTo(fg, thick, w, h);
    }

    /** Clears every product pixel not 4-connected to a pixel of {@code core}. */
    static void keepConnectedTo(boolean[] fg, boolean[] core, int w, int h) {
        int n = w * h;
        boolean[] seen = new boolean[n];
        int[] queue = new int[n];
        int tail = 0;
        for (int i = 0; i < n; i++) {
            if (fg[i] && core[i]) {
                seen[i] = true;
                queue[tail++] = i;
            }
        }
        int head = 0;
        while (head < tail) {
            int p = queue[head++];
            int x = p % w, y = p / w;
            int[] nbr = {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1};
            for (int q : nbr) {
                if (q >= 0 && fg[q] && !seen[q]) {
                    seen[q] = true;
                    queue[tail++] = q;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (fg[i] && !seen[i]) {
                fg[i] = false;
            }
        }
    }

    /** Strips thinner than this share of the product's size are candidates for bands of the backdrop. */
    private static final double BAND_THICKNESS = 0.25;
    /** How far past the thick body (share of its width) a strip must reach to count as sticking out. */
    private static final double BAND_REACH = 0.5;

    /**
     * A hole in the product that does not show the backdrop around the product is product: a spoon lying
     * on a saucer (mirroring the table, so the colour models call it backdrop), a white label in a bottle's
     * middle. A see-through opening (a mug's handle, a ring) shows the backdrop next to the product, often
     * in shade, so the comparison is made in chromaticity (shading-invariant): a hole is filled when its median
     * chromaticity lies outside the range (5th-95th percentile, per coordinate, widened by the hole's own
     * spread) of the backdrop band around the product.
     */
    /** The backdrop connected to the photo's frame (4-connected): everything not product that is not a hole. */
    static boolean[] outerBackdrop(boolean[] fg, int w, int h) {
        int n = w * h;
        boolean[] outer = new boolean[n];
        int[] queue = new int[n];
        int tail = 0;
        for (int i = 0; i < n; i++) {
            int x = i % w, y = i / w;
            if (!fg[i] && (x == 0 || y == 0 || x == w - 1 || y == h - 1)) {
                outer[i] = true;
                queue[tail++] = i;
            }
        }
        for (int head = 0; head < tail; ) {
            int p = queue[head++], x = p % w, y = p / w;
            int[] nb = {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1};
            for (int q : nb) {
                if (q >= 0 && !fg[q] && !outer[q]) {
                    outer[q] = true;
                    queue[tail++] = q;
                }
            }
        }
        return outer;
    }

    static void fillForeignHoles(boolean[] fg, float[][] z, int w, int h) {
        int n = w * h;
        boolean[] outer = outerBackdrop(fg, w, h);
        int[] queue = new int[n];
        // the backdrop band around the product: outer pixels within a few pixels of it
        int reach = Math.max(3, Math.round(0.03f * Math.max(w, h)));
        boolean[] near = fg.clone();
        for (int r = 0; r < reach; r++) {
            near = dilate(near, w, h);
        }
        int m = 0;
        float[] br = new float[n], bg = new float[n];
        for (int i = 0; i < n; i++) {
            if (outer[i] && near[i]) {
                float sum = z[0][i] + z[1][i] + z[2][i] + 1e-3f;
                br[m] = z[0][i] / sum;
                bg[m] = z[1][i] / sum;
                m++;
            }
        }
        if (m < 20) {
            return;
        }
        float rLo = percentile(Arrays.copyOf(br, m), 0.05), rHi = percentile(Arrays.copyOf(br, m), 0.95);
        float gLo = percentile(Arrays.copyOf(bg, m), 0.05), gHi = percentile(Arrays.copyOf(bg, m), 0.95);
        int[] comp = new int[n];
        Arrays.fill(comp, -1);
        int minArea = Math.max(4, (int) (0.0015 * n));
        int id = 0;
        for (int s = 0; s < n; s++) {
            if (fg[s] || outer[s] || comp[s] >= 0) {
                continue;
            }
            int area = flood(fg, false, comp, id++, s, w, h, queue);
            if (area <= minArea) {
                continue; // specks were filled by the clean-up
            }
            float[] hr = new float[area], hg = new float[area];
            for (int q = 0; q < area; q++) {
                int p = queue[q];
                float sum = z[0][p] + z[1][p] + z[2][p] + 1e-3f;
                hr[q] = z[0][p] / sum;
                hg[q] = z[1][p] / sum;
            }
            float mr = percentile(hr, 0.5), mg = percentile(hg, 0.5);
            float sr = (percentile(hr, 0.75) - percentile(hr, 0.25)) / 2, sg = (percentile(hg, 0.75) - percentile(hg, 0.25)) / 2;
            boolean foreign = mr < rLo - sr || mr > rHi + sr || mg < gLo - sg || mg > gHi + sg;
            if (foreign) {
                for (int q = 0; q < area; q++) {
                    fg[queue[q]] = true;
                }
            }
        }
    }

    static boolean[] erode(boolean[] m, int w, int h) {
        boolean[] out = new boolean[m.length];
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                out[i] = m[i] && m[i - 1] && m[i + 1] && m[i - w] && m[i + w] && m[i - w - 1] && m[i - w + 1] && m[i + w - 1] && m[i + w + 1];
            }
        }
        return out;
    }

    /** The 3x3 (8-connected) dilation: the shared square one by one pixel. */
    static boolean[] dilate(boolean[] m, int w, int h) {
        return dev.refinery.color.Masks.dilate(m, w, h, 1);
    }

    /** 4-connected flood fill of pixels whose label equals {@code value}; leaves the members in {@code queue[0..area)}. */
    private static int flood(boolean[] label, boolean value, int[] comp, int id, int seed, int w, int h, int[] queue) {
        int head = 0, tail = 0;
        queue[tail++] = seed;
        comp[seed] = id;
        while (head < tail) {
            int p = queue[head++];
            int x = p % w, y = p / w;
            if (x > 0) tail = visit(label, value, comp, id, p - 1, queue, tail);
            if (x < w - 1) tail = visit(label, value, comp, id, p + 1, queue, tail);
            if (y > 0) tail = visit(label, value, comp, id, p - w, queue, tail);
            if (y < h - 1) tail = visit(label, value, comp, id, p + w, queue, tail);
        }
        return tail;
    }

    private static int visit(boolean[] label, boolean value, int[] comp, int id, int q, int[] queue, int tail) {
        if (label[q] == value && comp[q] < 0) {
            comp[q] = id;
            queue[tail++] = q;
        }
        return tail;
    }

    // ------------------------------------------------------------------------------------ refinement

    /**
     * Full-size alpha from the working-size cut: a colour-guided filter computed at working size,
     * its linear coefficients enlarged and applied to the full-size colours, inside a band of about
     * one working pixel each side of the cut; outside the band the cut itself.
     */
    float[] refine(int[] px, int w, int h, float[][] low, boolean[] fg, int ws, int hs) {
        int n = ws * hs;
        float[] p = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = fg[i] ? 1f : 0f;
        }
        float[][] g = new float[3][n];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                g[c][i] = low[c][i] / 255f;
            }
        }
        float[][] coef = GuidedFilter.coefficients(g, p, ws, hs, settings.guideRadius(), (float) settings.guideEps());
        float[] ar = coef[0], ag = coef[1], ab = coef[2], b = coef[3];

        boolean[] band = new boolean[n];
        for (int y = 0; y < hs; y++) {
            for (int x = 0; x < ws; x++) {
                int i = y * ws + x;
                boolean edge = (x > 0 && fg[i - 1] != fg[i]) || (x < ws - 1 && fg[i + 1] != fg[i])
                        || (y > 0 && fg[i - ws] != fg[i]) || (y < hs - 1 && fg[i + ws] != fg[i]);
                if (edge) {
                    for (int yy = Math.max(0, y - 1); yy <= Math.min(hs - 1, y + 1); yy++) {
                        for (int xx = Math.max(0, x - 1); xx <= Math.min(ws - 1, x + 1); xx++) {
                            band[yy * ws + xx] = true;
                        }
                    }
                }
            }
        }
        float[] alpha = new float[w * h];
        if (ws == w && hs == h) {
            for (int i = 0; i < n; i++) {
                alpha[i] = band[i] ? stretch(ar[i] * g[0][i] + ag[i] * g[1][i] + ab[i] * g[2][i] + b[i]) : (fg[i] ? 1 : 0);
            }
            return alpha;
        }
        double fx = ws / (double) w, fy = hs / (double) h;
        float contrast = (float) settings.edgeContrast();
        int smooth = (int) Math.round(settings.guideSmoothing() / fx);
        int[] guide = smooth >= 1 ? boxMean(px, w, h, smooth) : px;
        // Per column, once: the nearest working pixel and the bilinear neighbours and weight (the same
        // arithmetic as per pixel, hoisted out of the 2 MP loop).
        int[] colNearest = new int[w], colI0 = new int[w], colI1 = new int[w];
        float[] colTx = new float[w];
        for (int x = 0; x < w; x++) {
            double sx = (x + 0.5) * fx - 0.5;
            colNearest[x] = Math.min(ws - 1, Math.max(0, (int) Math.round(sx)));
            colI0[x] = Math.max(0, Math.min(ws - 1, (int) Math.floor(sx)));
            colI1[x] = Math.min(ws - 1, colI0[x] + 1);
            colTx[x] = sx < 0 ? 0 : (float) Math.min(1, sx - Math.floor(sx));
        }
        for (int y = 0; y < h; y++) {
            double sy = (y + 0.5) * fy - 0.5;
            int ly = Math.min(hs - 1, Math.max(0, (int) Math.round(sy)));
            int j0 = Math.max(0, Math.min(hs - 1, (int) Math.floor(sy))), j1 = Math.min(hs - 1, j0 + 1);
            float ty = (float) Math.max(0, Math.min(1, sy - Math.floor(sy)));
            if (sy < 0) {
                ty = 0;
            }
            int row = y * w;
            int lrow = ly * ws;
            for (int x = 0; x < w; x++) {
                int li = lrow + colNearest[x];
                int i = row + x;
                if (!band[li]) {
                    alpha[i] = fg[li] ? 1f : 0f;
                    continue;
                }
                int i0 = colI0[x], i1 = colI1[x];
                float tx = colTx[x];
                int p00 = j0 * ws + i0, p01 = j0 * ws + i1, p10 = j1 * ws + i0, p11 = j1 * ws + i1;
                float cr = lerp2(ar, p00, p01, p10, p11, tx, ty);
                float cg = lerp2(ag, p00, p01, p10, p11, tx, ty);
                float cb = lerp2(ab, p00, p01, p10, p11, tx, ty);
                float cc = lerp2(b, p00, p01, p10, p11, tx, ty);
                int rgb = guide[i];
                float q = cr * ((rgb >> 16) & 0xFF) / 255f + cg * ((rgb >> 8) & 0xFF) / 255f + cb * (rgb & 0xFF) / 255f + cc;
                float a = (q - 0.5f) * contrast + 0.5f;
                alpha[i] = a < 0 ? 0 : a > 1 ? 1 : a;
            }
        }
        despur(alpha, w, h, Math.max(1, (int) Math.round(0.6 / fx)));
        return settings.bandCut() ? BandCut.refine(px, w, h, alpha, BandCut.Settings.DEFAULT) : alpha;
    }

    /**
     * Removes thin spurs the guided filter can grow along dark lines of the backdrop that cross the
     * product's edge (a floor/wall seam): alpha is kept only within {@code r} pixels of the product's
     * core, the part of {@code alpha >= 0.5} that survives an opening of radius {@code r}.
     */
    static void despur(float[] alpha, int w, int h, int r) {
        java.awt.Rectangle box = dev.refinery.color.Masks.boundingBox(alpha, w, h, 1e-6);
        if (box.isEmpty()) {
            return;
        }
        int m = 2 * r + 1;
        java.awt.Rectangle roi = new java.awt.Rectangle(box.x - m, box.y - m, box.width + 2 * m, box.height + 2 * m)
                .intersection(new java.awt.Rectangle(0, 0, w, h));
        int rw = roi.width, rh = roi.height;
        float[] solid = new float[rw * rh];
        for (int y = 0; y < rh; y++) {
            for (int x = 0; x < rw; x++) {
                solid[y * rw + x] = alpha[(roi.y + y) * w + roi.x + x] >= 0.5f ? 1 : 0;
            }
        }
        float[] core = Filters.extremum(Filters.extremum(solid, rw, rh, r, false), rw, rh, r, true);
        float[] near = Filters.extremum(core, rw, rh, r, true);
        for (int y = 0; y < rh; y++) {
            for (int x = 0; x < rw; x++) {
                if (near[y * rw + x] == 0) {
                    alpha[(roi.y + y) * w + roi.x + x] = 0;
                }
            }
        }
    }

    /** The photo through a (2r+1)² box mean per channel (alpha dropped), rounded back to 8 bits. */
    static int[] boxMean(int[] px, int w, int h, int r) {
        int n = w * h;
        float[][] c = new float[3][n];
        for (int i = 0; i < n; i++) {
            int p = px[i];
            c[0][i] = (p >> 16) & 0xFF;
            c[1][i] = (p >> 8) & 0xFF;
            c[2][i] = p & 0xFF;
        }
        for (int k = 0; k < 3; k++) {
            c[k] = Filters.box(c[k], w, h, r);
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.round(c[0][i]) << 16 | Math.round(c[1][i]) << 8 | Math.round(c[2][i]);
        }
        return out;
    }

    private static float stretch(float q) {
        float a = (q - 0.5f) * 2f + 0.5f;
        return a < 0 ? 0 : a > 1 ? 1 : a;
    }

    private static float lerp2(float[] v, int p00, int p01, int p10, int p11, float tx, float ty) {
        float top = v[p00] + tx * (v[p01] - v[p00]);
        float bot = v[p10] + tx * (v[p11] - v[p10]);
        return top + ty * (bot - top);
    }


    // ------------------------------------------------------------------------------------ checks

    /**
     * Share of the photo covered by the product, and share of a ring just inside the photo's edge
     * (past the band a fresh cut keeps as backdrop) that the product covers.
     */
    static Result describe(float[] alpha, int w, int h, long millis) {
        long fgCount = 0;
        for (float a : alpha) {
            if (a >= 0.5f) {
                fgCount++;
            }
        }
        int d = Math.min(Math.min(w, h) / 4, Math.max(2, (int) Math.round(0.02 * Math.max(w, h))));
        int x0 = d, y0 = d, x1 = w - 1 - d, y1 = h - 1 - d;
        long ring = 0, touching = 0;
        for (int x = x0; x <= x1; x++) {
            ring += 2;
            if (alpha[y0 * w + x] >= 0.5f) touching++;
            if (alpha[y1 * w + x] >= 0.5f) touching++;
        }
        for (int y = y0 + 1; y < y1; y++) {
            ring += 2;
            if (alpha[y * w + x0] >= 0.5f) touching++;
            if (alpha[y * w + x1] >= 0.5f) touching++;
        }
        return new Result(alpha, w, h, fgCount / (double) alpha.length, ring == 0 ? 0 : touching / (double) ring, millis, Diagnostics.NONE);
    }
}
