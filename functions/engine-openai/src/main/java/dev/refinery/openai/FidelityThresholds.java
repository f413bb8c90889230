package dev.refinery.openai;

/**
 * When an AI step counts as having changed the product. The lighting stage may shift colours on
 * purpose (white balance, exposure), so it gets its own colour allowance.
 *
 * @param minIou             cut-out shape overlap with the previous approved version
 * @param maxDeltaE          mean CIEDE2000 of the product's colours (background, detail, scene)
 * @param maxDeltaELighting  the same for the lighting stage, and for every step against the seller's photo
 * @param minStructure       correlation of the product's gradients with the seller's photo's (FidelityCheck#structure);
 *                           (the worse of the whole product's and its worst detailed cell's). FidelityStructureTest
 *                           measures it on 24 photo-lab photos with labels: exposure, white balance, denoising and
 *                           JPEG keep it at 0.96 or above, a re-render softer by a 5x5 blur and 2 px off at 0.71 or
 *                           above; an erased or redrawn label or a product moved by 4% of the photo drops it to 0.64
 *                           or below (most to about 0). 0.68 sits between. The whole product's figure alone missed a
 *                           flat-lay's small collar label smoothed away (0.90): the cells catch it.
 */
public record FidelityThresholds(double minIou, double maxDeltaE, double maxDeltaELighting, double minStructure) {
    public FidelityThresholds {
        if (!(minIou > 0 && minIou <= 1)) {
            throw new IllegalArgumentException("minimum IoU must be in (0, 1], got " + minIou);
        }
        if (!(maxDeltaE > 0) || !(maxDeltaELighting > 0)) {
            throw new IllegalArgumentException("colour allowances must be positive");
        }
        if (!(minStructure >= 0 && minStructure <= 1)) {
            throw new IllegalArgumentException("minimum structure must be in [0, 1], got " + minStructure);
        }
    }

    public static FidelityThresholds defaults() {
        return new FidelityThresholds(0.90, 3.0, 8.0, 0.68);
    }
}
