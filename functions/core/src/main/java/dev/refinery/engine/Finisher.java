package dev.refinery.engine;

import dev.refinery.domain.Preset;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * Deterministic finishing: crop to the product, scale to the preset's fill ratio, centre on the
 * preset's canvas and background (with the optional contact shadow), encode in the preset's
 * format within its size limit.
 */
public interface Finisher {
    /**
     * @param master the approved master, ARGB with the product's alpha
     * @param hints  corrections from a failed quality check (e.g. {@code fill=0.87})
     */
    Rendition render(BufferedImage master, Preset preset, Map<String, String> hints);
}
