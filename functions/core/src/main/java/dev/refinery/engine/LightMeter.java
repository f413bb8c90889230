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
     */
    record Reading(double whiteBalanceEvidence, double estimatedCast) {
    }
}
