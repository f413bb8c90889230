package dev.refinery.quality;

import java.util.Map;

/**
 * Where finalize put the photo's pixels on the canvas: a source point (continuous coordinates,
 * pixel centres at +0.5) lands at {@code (src - crop) * scale + offset}. Read back from the
 * rendition's recorded parameters, so the check can compare every canvas pixel with the photo
 * pixel it came from.
 */
public record Placement(double scale, double cropX, double cropY, double offsetX, double offsetY) {

    /** The transform finalize recorded ({@code scale}, {@code crop}, {@code offsetX}, {@code offsetY}), or null when it recorded none. */
    public static Placement fromParams(Map<String, String> params) {
        try {
            String crop = params.get("crop");
            if (crop == null || !params.containsKey("scale") || !params.containsKey("offsetX") || !params.containsKey("offsetY")) {
                return null;
            }
            String[] c = crop.split(",");
            return new Placement(Double.parseDouble(params.get("scale")), Double.parseDouble(c[0].trim()), Double.parseDouble(c[1].trim()),
                    Double.parseDouble(params.get("offsetX")), Double.parseDouble(params.get("offsetY")));
        } catch (RuntimeException e) {
            return null;
        }
    }

    public double canvasX(double srcX) {
        return (srcX - cropX) * scale + offsetX;
    }

    public double canvasY(double srcY) {
        return (srcY - cropY) * scale + offsetY;
    }
}
