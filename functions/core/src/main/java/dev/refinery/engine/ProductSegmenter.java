package dev.refinery.engine;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * Separates the product from its background. The classic engine's segmenter implements it; the
 * openai engine uses it for its cut-out, the product lock and the fidelity check, so both engines
 * cut a product out the same way and hand the quality check the same evidence.
 */
public interface ProductSegmenter {
    /**
     * The bare segmentation, for comparing two versions of a picture.
     *
     * @param hints corrections such as {@code segmentation=strict|loose}
     * @return the product's alpha in 0..1, row-major, same size as the image (holes are background)
     */
    float[] segment(BufferedImage image, Map<String, String> hints);

    /**
     * The background stage's cut-out: the segmentation with whatever the implementation does after
     * it (the classic one peels the product's cast shadow off), and the cut's own evidence for the
     * quality check under the names {@link Segmentation#evidence()} documents.
     */
    default Segmentation cutOut(BufferedImage image, Map<String, String> hints) {
        return new Segmentation(segment(image, hints), Map.of(), Map.of(), List.of());
    }

    /**
     * @param alpha    the product's alpha, as {@link #segment} returns it
     * @param evidence what the cut says about itself, read by the quality check: {@code startsIoU} (how far
     *                 two independent starts agree, 1 = fully; a colour cut's), {@code salientUnsure} (how much of
     *                 a salient-object model's map hesitated, over the product; recorded, not yet judged),
     *                 {@code outlineAtFrame} (share of the outline along the photo's frame), {@code shadowPeeled};
     *                 absent when the segmenter cannot tell
     * @param params   how it was made (method, settings), recorded with the version
     * @param problems why this is no plausible product (empty when it is one): the background stage fails with them
     */
    record Segmentation(float[] alpha, Map<String, Double> evidence, Map<String, String> params, List<String> problems) {
        public Segmentation {
            evidence = Map.copyOf(evidence);
            params = Map.copyOf(params);
            problems = List.copyOf(problems);
        }
    }
}
