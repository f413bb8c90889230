package dev.refinery.engine;

import java.awt.image.BufferedImage;

/**
 * Reads the light a photo was taken in, as evidence for the quality check: how far independent
 * estimates of the light's colour agree, and how strong a cast they saw. The classic engine's
 * lighting estimator implements it; the openai engine records its reading with every lighting step,
 * so the check weighs a model's colours with the same evidence as the classic engine's.
 */
public interface LightMeter {
    /** The reading of an opaque photo (alpha is ignored). */
    Reading read(BufferedImage photo);

    /**
     * @param whiteBalanceEvidence 0–1: how far the estimates of the light's colour agree (1 = fully)
     * @param estimatedCast        the strongest cast either estimate saw, strongest over weakest channel (1 = neutral)
     * @param gains                the white-balance gains (red, green, blue) that would neutralise the light the
     *                             estimates agree on
     * @param exposureEv           the exposure change the meter's correction makes (EV; positive brightens), NaN when unknown
     */
    record Reading(double whiteBalanceEvidence, double estimatedCast, double[] gains, double exposureEv) {
        public Reading {
            gains = gains.clone();
        }

        /** A reading without the exposure (NaN). */
        public Reading(double whiteBalanceEvidence, double estimatedCast, double[] gains) {
            this(whiteBalanceEvidence, estimatedCast, gains, Double.NaN);
        }

        /**
         * The cast a picture keeps after {@code applied} gains were applied to the photo: the strongest
         * over the weakest channel of what this reading would still correct (1 = none left).
         */
        public double residualCast(double[] applied) {
            double max = 0, min = Double.POSITIVE_INFINITY;
            for (int c = 0; c < 3; c++) {
                double r = gains[c] / applied[c];
                max = Math.max(max, r);
                min = Math.min(min, r);
            }
            return min <= 0 ? Double.POSITIVE_INFINITY : max / min;
        }
    }
}
