package dev.refinery.openai;

/**
 * When an AI step counts as having changed the product. The lighting stage may shift colours on
 * purpose (white balance, exposure), so it gets its own colour allowance.
 *
 * @param minIou             cut-out shape overlap with the previous approved version
 * @param maxDeltaE          mean CIEDE2000 of the product's colours (background, detail, scene)
 * @param maxDeltaELighting  the same for the lighting stage
 */
public record FidelityThresholds(double minIou, double maxDeltaE, double maxDeltaELighting) {
    public FidelityThresholds {
        if (!(minIou > 0 && minIou <= 1)) {
            throw new IllegalArgumentException("minimum IoU must be in (0, 1], got " + minIou);
        }
        if (!(maxDeltaE > 0) || !(maxDeltaELighting > 0)) {
            throw new IllegalArgumentException("colour allowances must be positive");
        }
    }

    public static FidelityThresholds defaults() {
        return new FidelityThresholds(0.90, 3.0, 8.0);
    }
}
