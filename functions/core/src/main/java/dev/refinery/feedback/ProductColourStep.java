package dev.refinery.feedback;

import dev.refinery.color.BodyColourShift;
import dev.refinery.color.NamedColours;
import dev.refinery.domain.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * "The mug is navy" as a step, for every planner: the product's main colour toward the named one, by at most
 * {@link BodyColourShift#MAX_DELTA_E}, its print untouched ({@link dev.refinery.engine.ProductColour}). A detail-stage
 * step: it needs the cut-out (the product's pixels) and comes after lighting, whose colour correction it builds on.
 */
public final class ProductColourStep {
    private static final java.util.regex.Pattern MENTIONS_PRINT = java.util.regex.Pattern.compile(
            "\\b(label|text|logo|print|lettering|writing|brand name|sticker)s?\\b");
    private static final java.util.regex.Pattern MENTIONS_SHADOW = java.util.regex.Pattern.compile("\\bshadows?\\b");

    /** Share of the way to the named colour for "a little more navy". */
    public static final double SMALL = 0.5;

    private ProductColourStep() {
    }

    /** The step for {@code colourWords} (a colour name or #rrggbb), or the request declined when it names no colour. */
    public static void plan(String request, String colourWords, boolean small, List<FeedbackPlan.Step> steps, List<FeedbackPlan.Declined> declined) {
        String words = request == null ? "" : request.toLowerCase(java.util.Locale.ROOT);
        // a colour for the print or the shadow is not the product's colour, whoever classified the request
        if (MENTIONS_PRINT.matcher(words).find()) {
            declined.add(new FeedbackPlan.Declined(request, "labels, text and logos are never recoloured or redrawn: they must show the real product"));
            return;
        }
        if (MENTIONS_SHADOW.matcher(words).find()) {
            declined.add(new FeedbackPlan.Declined(request, "the shadow is drawn in the preset's own soft grey or not at all; it can be removed"));
            return;
        }
        Optional<NamedColours.Named> named = NamedColours.find(colourWords == null ? "" : colourWords);
        if (named.isEmpty()) {
            declined.add(new FeedbackPlan.Declined(request, "name the colour the product really is (\"the mug is navy\", or #rrggbb): "
                    + "its main colour moves toward it"));
            return;
        }
        Map<String, String> hints = new LinkedHashMap<>();
        hints.put("colour", named.get().words());
        hints.put(FeedbackPlan.EXPECT, "colour");
        if (small) {
            hints.put("colourStrength", String.valueOf(SMALL));
        }
        steps.add(new FeedbackPlan.Step(request, "colour.toward", Stage.DETAIL, hints, String.format(Locale.ROOT,
                "the product's main colour %stoward %s (by at most CIEDE2000 %.0f; print and labels kept)", small ? "half way " : "",
                named.get().words(), BodyColourShift.MAX_DELTA_E)));
    }
}
