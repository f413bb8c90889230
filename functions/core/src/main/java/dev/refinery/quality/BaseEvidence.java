package dev.refinery.quality;

import dev.refinery.color.ArgbPixels;
import dev.refinery.color.BodyColourShift;
import java.util.List;
import java.util.Map;

/**
 * What the check needs to judge a final against the seller's own photo rather than against the
 * stages' own outputs: the base photo, the master finalize rendered (its alpha is the cut-out, at
 * the photo's resolution), where finalize placed it, and what lighting declared it changed.
 *
 * @param base       the seller's photo as ingested (opaque, sRGB)
 * @param master     the master finalize rendered; its alpha is the product
 * @param placement  finalize's transform from photo to canvas, or null when not recorded
 * @param lighting   what lighting declared, or null when the engine declares nothing
 * @param background the background stage's measurements (segmenter diagnostics), possibly empty
 * @param photoLongSide the uploaded photo's long side in pixels (ingest may have reduced {@code base})
 * @param colourShifts the product-colour changes the seller asked for and the detail stage declared, oldest first
 */
public record BaseEvidence(ArgbPixels base, ArgbPixels master, Placement placement, LightingIntent lighting,
                           Map<String, Double> background, int photoLongSide, List<BodyColourShift> colourShifts) {
    public BaseEvidence {
        background = background == null ? Map.of() : Map.copyOf(background);
        colourShifts = colourShifts == null ? List.of() : List.copyOf(colourShifts);
    }

    /** Evidence of a lineage that declared no product-colour change. */
    public BaseEvidence(ArgbPixels base, ArgbPixels master, Placement placement, LightingIntent lighting,
                        Map<String, Double> background, int photoLongSide) {
        this(base, master, placement, lighting, background, photoLongSide, List.of());
    }

    /** Evidence whose base photo is the upload at its own size. */
    public BaseEvidence(ArgbPixels base, ArgbPixels master, Placement placement, LightingIntent lighting, Map<String, Double> background) {
        this(base, master, placement, lighting, background, base == null ? 0 : Math.max(base.width(), base.height()));
    }

    /** The master and the photo are the same picture at the same size (false for a generated base or a scene). */
    public boolean aligned() {
        return base != null && master != null && base.width() == master.width() && base.height() == master.height();
    }
}
