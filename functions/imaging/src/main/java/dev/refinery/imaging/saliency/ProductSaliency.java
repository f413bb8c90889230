package dev.refinery.imaging.saliency;

/**
 * Where a photo's subject is, by a learned salient-object model: the classic segmenter's first guess at the product,
 * which its colour models and the photo's edges then refine. A port with one adapter ({@link U2NetpSaliency}); tests
 * hand the segmenter their own.
 */
public interface ProductSaliency {

    /** The model's map for an opaque photo given as packed ARGB pixels. */
    SaliencyMap of(int[] argb, int width, int height);

    /** What made the map, recorded with the cut-out (e.g. {@code u2netp}). */
    String name();
}
