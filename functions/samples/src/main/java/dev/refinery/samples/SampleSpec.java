package dev.refinery.samples;

import java.util.Objects;

/**
 * Everything that defines one synthetic seller photo. Rendering is deterministic per spec (the
 * seed drives textures and noise).
 *
 * @param primary       product colour as 0xRRGGBB (its true colour under neutral light)
 * @param secondary     label, stripe or sole colour as 0xRRGGBB
 * @param productHeight product bounding-box height as a share of the photo height
 * @param offsetX       horizontal offset of the product centre as a share of the photo width
 * @param horizon       height of the floor/wall seam as a share of the photo height
 * @param exposureEv    exposure error in stops (negative: under-exposed)
 * @param vignetting    corner fall-off k of {@code 1 - k r²} (r = 1 at the corners)
 * @param noiseSigma    sensor noise standard deviation in 8-bit levels
 * @param blurSigma     lens softness in pixels (Gaussian sigma)
 */
public record SampleSpec(
        String name,
        int width,
        int height,
        ProductShape shape,
        int primary,
        int secondary,
        Surface wall,
        Surface floor,
        double productHeight,
        double offsetX,
        double horizon,
        ColorCast cast,
        double exposureEv,
        double vignetting,
        double noiseSigma,
        double blurSigma,
        long seed) {

    public SampleSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(wall, "wall");
        Objects.requireNonNull(floor, "floor");
        Objects.requireNonNull(cast, "cast");
        if (width < 64 || height < 64) {
            throw new IllegalArgumentException("a sample needs at least 64x64 pixels");
        }
        if (!(productHeight > 0.05 && productHeight < 0.9)) {
            throw new IllegalArgumentException("productHeight must lie in (0.05, 0.9)");
        }
    }
}
