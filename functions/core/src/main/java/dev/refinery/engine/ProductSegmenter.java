package dev.refinery.engine;

import java.awt.image.BufferedImage;

/**
 * Separates the product from its background. The classic engine's segmenter implements it; the
 * openai engine uses it for the product lock and the fidelity check.
 */
public interface ProductSegmenter {
    /**
     * @param hints corrections such as {@code segmentation=strict|loose}
     * @return the product's alpha in 0..1, row-major, same size as the image (holes are background)
     */
    float[] segment(BufferedImage image, java.util.Map<String, String> hints);
}
