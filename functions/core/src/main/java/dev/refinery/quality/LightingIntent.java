package dev.refinery.quality;

import java.util.Map;

/**
 * What the lighting stage said it did to the photo, in linear light: per-channel white-balance
 * gains, an exposure change in EV and a radial vignetting correction (the classic engine's
 * {@code gainR/G/B}, {@code exposureEv}, {@code vignetting}). The check predicts every product
 * colour of the final from the seller's photo through it: a final that differs from the
 * prediction was changed by something nobody declared.
 *
 * <p>{@code whiteBalanceEvidence} (0–1, NaN when not declared) is how far the engine's independent
 * estimates of the light's colour agreed (the classic engine's {@code wbEvidence}): with weak
 * evidence the product's colours carry the scene's light, whatever was corrected.
 * {@code estimatedCast} (NaN when not declared) is the strongest cast either estimate saw, as the
 * ratio of its strongest to its weakest channel (the classic engine's {@code wbEstimatedCast}):
 * when both saw a light close to neutral, their disagreement cannot have left much colour.
 * {@code residualCast} (NaN when not recorded) is the cast the light meter would still correct after
 * the step's change (the openai engine's {@code wbResidualCast}: a model that ignored a cast the
 * classic estimator sees leaves all of it); the classic engine applies its own estimate, so it has none.
 * {@code exposureLeft} (EV, NaN when not recorded) is the exposure the step's meter read as too much and the step
 * did not take away (the classic engine's {@code exposureLeft}: an over-metered photo on a light backdrop, which may
 * be bright on purpose).
 * {@code exposureMetered} (EV, NaN when not recorded) is the brightening the photo's own light meter asks for, from
 * evidence independent of any model: the classic meter's two readings (the centre-weighted mean against mid-grey, the
 * top percent against white) where both agree, the smaller of them (the classic engine's {@code exposureMetered}).
 * A brightening beyond {@code MAX_DECLARED_EV} is a guess unless this evidence asks for it.
 */
public record LightingIntent(double gainR, double gainG, double gainB, double exposureEv, double vignetting, double whiteBalanceEvidence,
                             double estimatedCast, double residualCast, double exposureLeft, double exposureShort, double exposureMetered) {

    public static final LightingIntent NONE = new LightingIntent(1, 1, 1, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN);

    /** Without {@code exposureMetered} (NaN: no meter's evidence for the exposure). */
    public LightingIntent(double gainR, double gainG, double gainB, double exposureEv, double vignetting, double whiteBalanceEvidence,
                          double estimatedCast, double residualCast, double exposureLeft, double exposureShort) {
        this(gainR, gainG, gainB, exposureEv, vignetting, whiteBalanceEvidence, estimatedCast, residualCast, exposureLeft, exposureShort,
                Double.NaN);
    }

    /**
     * Without {@code exposureShort} (EV, NaN when not recorded): the brightening the step's meter read the photo as
     * needing and the step did not give (the openai engine's {@code exposureShort}: a model that left an under-exposed
     * photo dark; the classic engine applies its own meter, so it has none).
     */
    public LightingIntent(double gainR, double gainG, double gainB, double exposureEv, double vignetting, double whiteBalanceEvidence,
                          double estimatedCast, double residualCast, double exposureLeft) {
        this(gainR, gainG, gainB, exposureEv, vignetting, whiteBalanceEvidence, estimatedCast, residualCast, exposureLeft, Double.NaN);
    }

    public LightingIntent(double gainR, double gainG, double gainB, double exposureEv, double vignetting, double whiteBalanceEvidence,
                          double estimatedCast, double residualCast) {
        this(gainR, gainG, gainB, exposureEv, vignetting, whiteBalanceEvidence, estimatedCast, residualCast, Double.NaN);
    }

    public LightingIntent(double gainR, double gainG, double gainB, double exposureEv, double vignetting, double whiteBalanceEvidence,
                          double estimatedCast) {
        this(gainR, gainG, gainB, exposureEv, vignetting, whiteBalanceEvidence, estimatedCast, Double.NaN);
    }

    public LightingIntent(double gainR, double gainG, double gainB, double exposureEv, double vignetting) {
        this(gainR, gainG, gainB, exposureEv, vignetting, Double.NaN, Double.NaN);
    }

    public LightingIntent(double gainR, double gainG, double gainB, double exposureEv, double vignetting, double whiteBalanceEvidence) {
        this(gainR, gainG, gainB, exposureEv, vignetting, whiteBalanceEvidence, Double.NaN);
    }

    /** The intent a lighting version recorded, or null when it recorded none (an engine that does not declare it). */
    public static LightingIntent fromParams(Map<String, String> params) {
        try {
            if (!params.containsKey("gainR") || !params.containsKey("exposureEv")) {
                return null;
            }
            return new LightingIntent(Double.parseDouble(params.get("gainR")), Double.parseDouble(params.get("gainG")),
                    Double.parseDouble(params.get("gainB")), Double.parseDouble(params.get("exposureEv")),
                    Double.parseDouble(params.getOrDefault("vignetting", "0")),
                    Double.parseDouble(params.getOrDefault("wbEvidence", "NaN")),
                    Double.parseDouble(params.getOrDefault("wbEstimatedCast", "NaN")),
                    Double.parseDouble(params.getOrDefault("wbResidualCast", "NaN")),
                    Double.parseDouble(params.getOrDefault("exposureLeft", "NaN")),
                    Double.parseDouble(params.getOrDefault("exposureShort", "NaN")),
                    Double.parseDouble(params.getOrDefault("exposureMetered", "NaN")));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * What a lineage's lighting steps declared together, given each step's parameters oldest first;
     * null when one of them declared nothing (then the check compares with the master instead).
     */
    public static LightingIntent composed(java.util.List<Map<String, String>> stepsOldestFirst) {
        LightingIntent total = NONE;
        for (Map<String, String> params : stepsOldestFirst) {
            LightingIntent step = fromParams(params);
            if (step == null) {
                return null;
            }
            total = total.then(step);
        }
        return total;
    }

    /** This correction followed by {@code next} (a feedback round's lighting on top of the first pass's). */
    public LightingIntent then(LightingIntent next) {
        double evidence = Double.isNaN(whiteBalanceEvidence) ? next.whiteBalanceEvidence
                : Double.isNaN(next.whiteBalanceEvidence) ? whiteBalanceEvidence : Math.min(whiteBalanceEvidence, next.whiteBalanceEvidence);
        double cast = Double.isNaN(estimatedCast) ? next.estimatedCast
                : Double.isNaN(next.estimatedCast) ? estimatedCast : Math.max(estimatedCast, next.estimatedCast);
        // a later step measured against the picture it was given: its residual is what is left
        double residual = Double.isNaN(next.residualCast) ? residualCast : next.residualCast;
        // what the seller's own round asked of the exposure answers the first pass's doubt about it
        double left = Double.isNaN(exposureLeft) ? next.exposureLeft : Math.max(0, exposureLeft + Math.min(0, next.exposureEv));
        // brightening the first pass's meter asked for and did not get: a later step's own reading replaces it, else
        // what the later step brightened counts against it
        double shortOf = !Double.isNaN(next.exposureShort) ? next.exposureShort
                : Double.isNaN(exposureShort) ? Double.NaN : Math.max(0, exposureShort - next.exposureEv);
        // the meter read the seller's photo once: a later round's own reading (of a picture already brightened) does not
        // add to it, so the total brightening is weighed against the first reading
        double metered = Double.isNaN(exposureMetered) ? next.exposureMetered : exposureMetered;
        return new LightingIntent(gainR * next.gainR, gainG * next.gainG, gainB * next.gainB, exposureEv + next.exposureEv,
                vignetting != 0 ? vignetting : next.vignetting, evidence, cast, residual, left, shortOf, metered);
    }

    /** The linear gain of channel {@code c} (0 red, 1 green, 2 blue) at source pixel (x, y) of a w×h photo. */
    public double gain(int c, double x, double y, int w, int h) {
        double g = (c == 0 ? gainR : c == 1 ? gainG : gainB) * Math.pow(2, exposureEv);
        if (vignetting != 0) {
            double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0, dx = x - cx, dy = y - cy;
            g /= 1 - vignetting * (dx * dx + dy * dy) / (cx * cx + cy * cy);
        }
        return g;
    }

    /** The largest white-balance correction between two channels, as a ratio (1 = none). */
    public double castCorrection() {
        double max = Math.max(gainR, Math.max(gainG, gainB)), min = Math.min(gainR, Math.min(gainG, gainB));
        return min <= 0 ? Double.POSITIVE_INFINITY : max / min;
    }
}
