package dev.refinery.engine;

import dev.refinery.domain.ImageFormat;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * A finished image for one preset.
 *
 * @param bytes       the encoded file, exactly as it ships
 * @param productMask TYPE_BYTE_GRAY at canvas size: 255 inside the product, 0 on the background
 * @param params      what the finisher did (scale, crop box, offsets, encoder quality)
 */
public record Rendition(byte[] bytes, ImageFormat format, BufferedImage productMask, Map<String, String> params) {
}
