package dev.refinery.engine;

import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * Turns uploaded bytes into the working image: decode, validate (type, size, decompression
 * bombs before decoding pixels), apply EXIF orientation, convert to sRGB, cap the working size.
 *
 * @throws dev.refinery.domain.InvalidInputException with a reason a seller can act on
 */
public interface ImageIngestor {
    Ingested ingest(byte[] bytes, String fileName);

    record Ingested(BufferedImage image, Map<String, String> params) {
    }
}
