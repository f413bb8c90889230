package dev.refinery.quality;

import java.util.Map;

/**
 * Where finalize put the photo's pixels on the canvas: a source point (continuous coordinates,
 * pixel centres at +0.5) lands at {@code (src - crop) * scale + offset}. Read back from the
 * rendition's recorded parameters, so the check can compare every canvas pixel with the photo
 * pixel it came from.
 */
public record Placement(double scale, double cropX, double cropY, double offsetX, double offsetY, double enlargement) {

    /** A placement of the photo itself (no reduction at ingest): the enlargement is the scale. */
    public Placement(double scale, double cropX, double cropY, double offsetX, double offsetY) {
        this(scale, cropX, cropY, offsetX, offsetY, scale);
    }

    /** The transform finalize recorded ({@code scale}, {@code crop}, {@code offsetX}, {@code offsetY}), or null when it recorded none. */
    public static Placement fromParams(Map<String, String> params) {
        try {
            String crop = params.get("crop");
            if (crop == null || !params.containsKey("scale") || !params.containsKey("offsetX") || !params.containsKey("offsetY")) {
                return null;
            }
            String[] c = crop.split(",");
            double scale = Double.parseDouble(params.get("scale"));
            // canvas pixels per pixel of the uploaded photo (finalize's own figure when ingest reduced the photo)
            double enlargement = params.containsKey("enlargement") ? Double.parseDouble(params.get("enlargement")) : scale;
            return new Placement(scale, Double.parseDouble(c[0].trim()), Double.parseDouble(c[1].trim()),
                    Double.parseDouble(params.get("offsetX")), Double.parseDouble(params.get("offsetY")), enlargement);
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
