package dev.refinery.imaging.classic;

import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.ProductColour;
import dev.refinery.engine.ProductSegmenter;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.quality.RequestedEffect;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deterministic engine: no key, no network, the same output for the same input.
 *
 * <ul>
 *   <li>{@link Stage#LIGHTING}: white balance, exposure and vignetting ({@link LightingCorrector}); on
 *       a cut-out (a feedback round) only the adjustments the seller asked for.</li>
 *   <li>{@link Stage#BACKGROUND}: the product cut out on a transparent background
 *       ({@link ProductSegmenter}, {@link Cutout}), failing its own checks when no plausible product
 *       was found.</li>
 *   <li>{@link Stage#DETAIL}: denoise and halo-free sharpening ({@link DetailEnhancer}), alpha kept.</li>
 * </ul>
 */
public final class ClassicEngine implements RefinementEngine {
    public static final String ID = "classic";
    private static final double FEEDBACK_EV = 0.33;
    private static final double FEEDBACK_WARMTH = 0.04;
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d*\\.?\\d+");

    private final ProductSegmenter segmenter;
    private final LightingCorrector lighting;
    private final DetailEnhancer detail;

    public ClassicEngine() {
        this(new ClassicSegmenter(), new LightingCorrector(), new DetailEnhancer());
    }

    public ClassicEngine(ProductSegmenter segmenter, LightingCorrector lighting, DetailEnhancer detail) {
        this.segmenter = segmenter;
        this.lighting = lighting;
        this.detail = detail;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public EditResult edit(Stage stage, EditRequest request) {
        return switch (stage) {
            case LIGHTING -> lighting(request);
            case BACKGROUND -> background(request);
            case DETAIL -> detail(request);
            default -> throw new IllegalArgumentException("The classic engine performs lighting, background and detail, not " + stage.id());
        };
    }

    // ------------------------------------------------------------------------------------ lighting

    private EditResult lighting(EditRequest req) {
        BufferedImage img = req.current();
        int w = img.getWidth(), h = img.getHeight();
        int[] px = Pixels.argb(img);
        boolean cutout = Pixels.hasTransparency(px);
        double[] adjust = adjustments(req);
        double extraEv = adjust[0], warmth = adjust[1];
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        double[] gains;
        double exposure;
        double vignetting;
        String summary;
        if (cutout) {
            // The colours of a cut-out were corrected in an earlier round: only what the seller asked for.
            gains = new double[] {1, 1, 1};
            exposure = 1;
            vignetting = 0;
            summary = "kept the earlier colour correction";
            params.put("mode", "adjust-only");
        } else {
            LightingCorrector.Correction c = lighting.estimate(px, w, h);
            gains = c.gains().clone();
            exposure = c.exposureGain();
            vignetting = c.vignetting();
            summary = c.summary();
            params.put("mode", "auto");
            params.put("reference", String.format(Locale.ROOT, "%.4f,%.4f,%.4f", c.reference()[0], c.reference()[1], c.reference()[2]));
            metrics.put("referenceLuminance", c.referenceLuminance());
            metrics.put("referencePixels", (double) c.referencePixels());
            // the evidence behind the correction, for the quality check
            params.put("wbEvidence", fmt(c.wbEvidence()));
            params.put("wbEstimatesAngleDeg", fmt(c.wbAngleDeg()));
            params.put("wbEstimatedCast", fmt(c.estimatedCast()));
            params.put("topLuminance", fmt(c.topLuminance()));
            params.put("clippedShare", fmt(c.clippedShare()));
            params.put("meteredEv", fmt(c.meteredEv()));
            params.put("borderLuminance", fmt(c.borderLuminance()));
            params.put("exposureLeft", fmt(c.exposureLeft()));
            // the brightening its meter asked for (it brightens only where both readings agree, by the smaller): a
            // seller's "brighter" on top of it is more than the photo's evidence and stays a guess for the check
            params.put("exposureMetered", fmt(Math.max(0, c.ev())));
            metrics.put("meteredEv", c.meteredEv());
            metrics.put("wbEvidence", c.wbEvidence());
            metrics.put("wbEstimatesAngleDeg", c.wbAngleDeg());
            metrics.put("topLuminance", c.topLuminance());
            metrics.put("clippedShare", c.clippedShare());
        }
        if (extraEv != 0 || warmth != 0) {
            exposure *= Math.pow(2, extraEv);
            gains[0] *= 1 + warmth;
            gains[2] *= 1 - warmth;
            summary += String.format(Locale.ROOT, "; as asked: %+.2f EV%s", extraEv,
                    warmth == 0 ? "" : warmth > 0 ? ", warmer" : ", cooler");
        }
        int[] out = LightingCorrector.apply(px, w, h, gains, exposure, vignetting);
        params.put("gainR", fmt(gains[0]));
        params.put("gainG", fmt(gains[1]));
        params.put("gainB", fmt(gains[2]));
        params.put("exposureEv", fmt(Math.log(exposure) / Math.log(2)));
        params.put("vignetting", fmt(vignetting));
        metrics.put("gainR", gains[0]);
        metrics.put("gainG", gains[1]);
        metrics.put("gainB", gains[2]);
        metrics.put("exposureEv", Math.log(exposure) / Math.log(2));
        metrics.put("vignetting", vignetting);
        return new EditResult(Pixels.toImage(out, w, h, cutout), params, metrics, List.of(), 0, summary);
    }

    /**
     * Exposure (EV) and warmth the seller asked for, from hints ({@code exposure=+0.3}, {@code warmth=-0.05}), or from
     * the feedback's words when the request carries no hints at all. A planned step's hints are the whole request:
     * reading the round's words as well made the "warmer" step of "a little brighter and warmer" brighten again
     * (+0.33 EV on top of the brighter step's +0.25, seen running docs/feedback.md's example).
     */
    static double[] adjustments(EditRequest req) {
        double ev = number(req.hints().get("exposure"));
        double warmth = number(req.hints().get("warmth"));
        String f = req.feedback() == null || !req.hints().isEmpty() ? "" : req.feedback().toLowerCase(Locale.ROOT);
        if (ev == 0) {
            if (f.matches(".*\\b(brighter|lighter|too dark|underexposed|under-exposed)\\b.*")) {
                ev = FEEDBACK_EV;
            } else if (f.matches(".*\\b(darker|too bright|overexposed|over-exposed)\\b.*")) {
                ev = -FEEDBACK_EV;
            }
        }
        if (warmth == 0) {
            if (f.matches(".*\\b(warmer|too cold|too blue|too cool)\\b.*")) {
                warmth = FEEDBACK_WARMTH;
            } else if (f.matches(".*\\b(cooler|colder|too warm|too yellow|too orange)\\b.*")) {
                warmth = -FEEDBACK_WARMTH;
            }
        }
        return new double[] {Math.max(-2, Math.min(2, ev)), Math.max(-0.3, Math.min(0.3, warmth))};
    }

    private static double number(String s) {
        if (s == null) {
            return 0;
        }
        Matcher m = NUMBER.matcher(s);
        return m.find() ? Double.parseDouble(m.group()) : 0;
    }

    // ------------------------------------------------------------------------------------ background

    private EditResult background(EditRequest req) {
        BufferedImage img = req.current();
        int w = img.getWidth(), h = img.getHeight();
        int[] px = Pixels.argb(img);
        boolean wasCutout = Pixels.hasTransparency(px);
        ProductSegmenter.Segmentation cut = segmenter.cutOut(img, req.hints());
        int[] out = Cutout.compose(px, cut.alpha(), w, h);
        Map<String, String> params = new LinkedHashMap<>();
        String mode = req.hint("segmentation", "normal");
        params.put("segmentation", mode);
        params.put("method", wasCutout ? "existing-alpha" : segmenter.getClass().getSimpleName());
        params.putAll(cut.params());
        // the cut's own evidence, for the quality check (ProductSegmenter.Segmentation#evidence)
        Map<String, Double> metrics = new LinkedHashMap<>(cut.evidence());
        double share = cut.evidence().getOrDefault("foregroundShare", Double.NaN);
        String summary = String.format(Locale.ROOT, "product cut out (%.1f%% of the photo, %s segmentation), soft edges with the old backdrop's colour removed",
                share * 100, mode);
        return new EditResult(Pixels.toImage(out, w, h, true), params, metrics, cut.problems(), 0, summary);
    }

    // ------------------------------------------------------------------------------------ detail

    private EditResult detail(EditRequest req) {
        BufferedImage img = req.current();
        int w = img.getWidth(), h = img.getHeight();
        int[] px = Pixels.argb(img);
        boolean alpha = Pixels.hasTransparency(px);
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        List<String> summary = new ArrayList<>();
        String colour = req.hint("colour", null);
        if (colour != null) {
            ProductColour.Outcome c = ProductColour.shift(px, w, alpha, colour, RequestedEffect.strength(req.hints()));
            if (!c.problems().isEmpty()) {
                return new EditResult(img, params, metrics, c.problems(), 0, null);
            }
            px = c.argb();
            params.putAll(c.shift().params());
            metrics.put("colourMoved", c.shift().moved());
            summary.add(c.summary());
        }
        // A version the detail stage made already (a feedback round edits the head) is sharpened and denoised: a
        // colour request changes only the colour. Even gentle sharpening on top of a head measured ×1.27 the fine
        // detail on the synthetic set (DetailEnhancer.Settings.SMOOTH), a change nobody asked for.
        if (!summary.isEmpty() && enhancedAlready(req) && !asksForDetail(req)) {
            params.put("enhance", "kept");
            return new EditResult(Pixels.toImage(px, w, h, alpha), params, metrics, List.of(), 0, String.join("; ", summary));
        }
        DetailEnhancer.Settings s = settingsFor(req);
        DetailEnhancer.Outcome o = detail.enhance(px, w, h, s);
        params.put("amount", fmt(s.amount()));
        params.put("radius", fmt(s.radius()));
        params.put("overshoot", fmt(s.overshoot()));
        params.put("denoise", String.valueOf(o.denoised()));
        metrics.put("noiseSigma", o.noiseSigma());
        metrics.put("sharpenAmount", s.amount());
        summary.add(o.summary());
        return new EditResult(Pixels.toImage(o.argb(), w, h, alpha), params, metrics, List.of(), 0, String.join("; ", summary));
    }

    /** Whether the input went through the detail stage before (its lineage's summaries, {@link EditRequest#keep()}). */
    static boolean enhancedAlready(EditRequest req) {
        return req.keep().stream().anyMatch(k -> k.startsWith(dev.refinery.domain.Stage.DETAIL.id() + ":"));
    }

    /** Whether the request asks for sharpening, smoothing or denoising (a hint, or the seller's words). */
    static boolean asksForDetail(EditRequest req) {
        return req.hints().containsKey("sharpen") || req.hints().containsKey("denoise") || settingsFor(req) != DetailEnhancer.Settings.NORMAL;
    }

    static DetailEnhancer.Settings settingsFor(EditRequest req) {
        if ("strong".equalsIgnoreCase(req.hint("denoise", ""))) {
            // the check found the master grainy: smooth harder, sharpen gently (sharpening lifts what noise is left)
            return DetailEnhancer.Settings.DENOISE;
        }
        String sharpen = req.hint("sharpen", "");
        if ("smooth".equalsIgnoreCase(sharpen)) {
            return DetailEnhancer.Settings.SMOOTH;
        }
        // the words only when no plan spoke (see adjustments): "sharper and the mug is navy" must not sharpen in the colour step
        String f = req.feedback() == null || !req.hints().isEmpty() ? "" : req.feedback().toLowerCase(Locale.ROOT);
        if ("strong".equalsIgnoreCase(sharpen) || f.matches(".*\\b(sharper|blurry|soft|crisper)\\b.*")) {
            return DetailEnhancer.Settings.STRONG;
        }
        if ("off".equalsIgnoreCase(sharpen)) {
            return DetailEnhancer.Settings.NO_SHARPENING;
        }
        if ("gentle".equalsIgnoreCase(sharpen) || f.matches(".*\\b(oversharpened|too sharp|less sharp)\\b.*")) {
            return DetailEnhancer.Settings.GENTLE;
        }
        return DetailEnhancer.Settings.NORMAL;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
