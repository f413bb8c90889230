package dev.refinery.qualitylab;

import java.util.List;

/**
 * One photo's measures against its truth (null: not measurable, e.g. no final or no label) and
 * where they put it: {@code broken} (IoU below 0.85, ΔE above 5, label detail lost or not
 * compliant) or {@code good} (IoU at least 0.93 and every bar met).
 *
 * @param iou            cut-out (cutout.png alpha ≥ 128) vs the true mask, source resolution
 * @param boundaryF      boundary F-measure, 2 px tolerance, source resolution
 * @param deltaEInput    CIEDE2000 of the product's colour in the seller's photo to its true colour
 *                       (per region: mean sRGB of the region's inside, over 2 px from its edge, as the truth's trueSrgb is a mean; area-weighted)
 * @param deltaEFinal    the same for the final, each source point mapped through finalize's transform
 * @param castInput      diagnostic: ΔE of the photo's region colours at the true brightness (linear RGB scaled so Y
 *                       matches): the cast left once exposure and the photo's own shading are set aside
 * @param castFinal      the same for the final
 * @param brokenBy       which of the broken conditions hold: IoU, ΔE, label, compliance
 * @param labelSsimInput the same SSIM for the seller's photo itself (what the final could keep at best, roughly)
 * @param labelSsim      SSIM of the label box's luminance, clean render vs final mapped back (null: no label)
 * @param fringe         ΔE of the final's product-edge band (source points 1 to 3 px inside the true mask's edge) to the true colour, area-weighted over regions
 * @param enlargement    final pixels per source pixel
 * @param borderWhite    the final's outer 2 px frame is the preset's background (±2 levels)
 * @param fill           the true product's bounding box in the final over the canvas side (the larger ratio)
 * @param extraneous     share of the canvas that is not background yet lies outside the mapped true mask and its band
 * @param mappingIou     self-check of the transform: the final's non-background pixels vs the cut-out mapped into the final
 * @param exactMaskFailed the check's cut-out findings that fail on the photo's exact mask (a perfect cut-out): reviews no
 *                       better segmenter could avoid; empty when the check passes it, null when not measured
 * @param group          the scene's group in the photo lab (the views of one product, a collection), null when none
 */
record PhotoScore(String id, String family, String kind, String preset, String status, String reason,
                  Double iou, Double boundaryF, Double deltaEInput, Double deltaEFinal, Double castInput, Double castFinal,
                  Double labelSsimInput, Double labelSsim, Double fringe,
                  Double enlargement, Boolean borderWhite, Double fill, Boolean fillOk, Double extraneous, Boolean compliant,
                  Double mappingIou,
                  boolean broken, List<String> brokenBy, boolean good, boolean falsePass, boolean needlessReview, long millis, List<RegionColour> regions,
                  List<String> problems, List<String> exactMaskFailed, String group) {

    /** One truth region's colour: true, measured in the photo and in the final (mean sRGB of its inside, sampled points). */
    record RegionColour(int id, String name, int[] trueSrgb, int samples, int[] inputSrgb, double deltaEInput, double castInput,
                        int[] finalSrgb, Double deltaEFinal, Double castFinal) {
    }

    PhotoScore {
        // results written before a field existed read back as null
        brokenBy = brokenBy == null ? List.of() : brokenBy;
        regions = regions == null ? List.of() : regions;
        problems = problems == null ? List.of() : problems;
    }

    static final double BROKEN_IOU = 0.85;
    static final double GOOD_IOU = 0.93;
    static final double BROKEN_DELTA_E = 5;
    static final double BAR_DELTA_E = 3;
    static final double LABEL_KEPT = 0.80;
    static final double BAR_BOUNDARY_F = 0.90;
    static final double BAR_FRINGE = 6;
    static final double EXTRANEOUS_LIMIT = 0.001;

    boolean completed() {
        return "COMPLETED".equals(status);
    }

    boolean needsReview() {
        return "NEEDS_REVIEW".equals(status);
    }
}
