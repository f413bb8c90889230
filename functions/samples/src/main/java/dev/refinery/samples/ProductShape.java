package dev.refinery.samples;

/** The product silhouettes the generator can draw. */
public enum ProductShape {
    /** Tall bottle with shoulders, neck, cap and a wrap-around label. */
    BOTTLE(0.38),
    /** Box in a three-quarter view: front, top and side faces in different light. */
    BOX(0.95),
    /** Mug with a handle whose opening shows the background (a hole in the product). */
    MUG(1.05),
    /** Sneaker: an irregular outline with a sole in a second colour. */
    SHOE(2.1),
    /** Ring standing on edge with a stone on top: a large hole in the middle. */
    RING(0.92);

    private final double aspect;

    ProductShape(double aspect) {
        this.aspect = aspect;
    }

    /** Width over height of the product's bounding box. */
    public double aspect() {
        return aspect;
    }
}
