package dev.refinery.qualitylab;

import java.util.Locale;
import java.util.Map;

/**
 * Where a source-photo point lands in the final, from the finalize version's recorded parameters.
 *
 * <p>ClassicFinisher records {@code crop} (the product's box x,y,w,h in the master's pixels),
 * {@code scale}, {@code offsetX}, {@code offsetY} and {@code canvas}; in continuous coordinates
 * (pixel i covers [i, i+1), its centre at i + 0.5) a master point m lands at
 * {@code (m - crop.xy) * scale + offset} (its resampler takes destination pixel d from the master
 * point {@code srcX0 + (d + 0.5) / scale}, and {@code offset = canvas/2 - (boxCentre - crop.xy) * scale}).
 * The master is the working image, which the base stage may have capped below the source photo's
 * size: {@code sourcePerMaster} = source width / master width converts source points to master points.
 */
record FinalizeTransform(double scale, double cropX, double cropY, double offsetX, double offsetY,
                         int canvasWidth, int canvasHeight, double sourcePerMaster) {

    /** From the finalize parameters; {@code sourcePerMaster} from the base version's original and working widths. */
    static FinalizeTransform of(Map<String, String> params, double sourcePerMaster) {
        String[] crop = params.get("crop").split(",");
        String[] canvas = params.get("canvas").toLowerCase(Locale.ROOT).split("x");
        return new FinalizeTransform(Double.parseDouble(params.get("scale")),
                Double.parseDouble(crop[0].trim()), Double.parseDouble(crop[1].trim()),
                Double.parseDouble(params.get("offsetX")), Double.parseDouble(params.get("offsetY")),
                Integer.parseInt(canvas[0].trim()), Integer.parseInt(canvas[1].trim()), sourcePerMaster);
    }

    /** Final pixels per source pixel. */
    double sourceScale() {
        return scale / sourcePerMaster;
    }

    /** Continuous source x to continuous final x. */
    double toFinalX(double sx) {
        return (sx / sourcePerMaster - cropX) * scale + offsetX;
    }

    double toFinalY(double sy) {
        return (sy / sourcePerMaster - cropY) * scale + offsetY;
    }

    /** Continuous final x to continuous source x. */
    double toSourceX(double fx) {
        return ((fx - offsetX) / scale + cropX) * sourcePerMaster;
    }

    double toSourceY(double fy) {
        return ((fy - offsetY) / scale + cropY) * sourcePerMaster;
    }
}
