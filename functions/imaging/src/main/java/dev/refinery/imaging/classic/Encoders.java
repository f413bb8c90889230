package dev.refinery.imaging.classic;

import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.ImageFormat;
import dev.refinery.engine.ImageCodec;
import java.awt.image.BufferedImage;

/** Encoders for finished images. */
final class Encoders {
    private Encoders() {
    }

    static byte[] encode(BufferedImage img, ImageFormat format, int quality) {
        return switch (format) {
            case JPEG -> jpeg(img, quality);
            case PNG -> ImageCodec.png(img);
            case WEBP -> throw new EngineUnavailableException("WebP output is not available in the classic finisher",
                    "choose a preset with JPEG or PNG output");
        };
    }

    /** Baseline JPEG without chroma subsampling ({@link ImageCodec.Chroma#FULL}): a white border stays pure white. */
    static byte[] jpeg(BufferedImage img, int quality) {
        return ImageCodec.jpeg(img, quality, ImageCodec.Chroma.FULL);
    }
}
