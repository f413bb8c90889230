package dev.refinery.feedback;

import dev.refinery.color.NamedColours;
import dev.refinery.domain.Preset;
import dev.refinery.domain.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The classic engine's feedback grammar (docs/feedback.md): each clause of the feedback (split at ".", ",",
 * ";", "and", "then", "also") is matched against what the classic engine can do on the session's presets, and
 * becomes one step with its hints and its expected effect, or a declined request with the reason. Nothing is
 * routed by default: a clause the grammar does not know is declined as not understood, with the list of what
 * can be asked. Before, a keyword router sent everything it did not know to the detail stage, so "make the
 * product bigger" re-sharpened the image and ended COMPLETED.
 *
 * <p>A round runs each edit stage its steps name, in the pipeline's order, each from the head the previous one made,
 * one version per request (two requests for one stage are two versions, the second built on the first), then
 * finalize with the framing steps.
 */
public final class ClassicGrammar implements FeedbackPlanner {
    /** Exposure steps (EV) for "a little", plain and "much" brighter or darker: within the +0.2..+1.0 EV a seller expects. */
    static final double EV_SMALL = 0.25, EV_PLAIN = 0.5, EV_LARGE = 1.0;
    /** Warmth (red up and blue down by this share) for "warmer"; ΔE of a few units on a neutral product. */
    static final double WARMTH = 0.04;

    private static final Pattern CLAUSES = Pattern.compile("\\s*(?:[.;,!?]+|\\band\\b|\\bthen\\b|\\balso\\b|\\bplus\\b)\\s*");
    private static final Pattern SMALL = Pattern.compile("\\b(slightly|a (little|bit|touch|tad)|somewhat|little)\\b");
    private static final Pattern LARGE = Pattern.compile("\\b(much|a lot|way|far|significantly|considerably|really)\\b");
    /** Colours a background may be asked in (a white one is what the white presets make already). */
    private static final String COLOURS = NamedColours.alternation().replace("white|", "");

    private static final Pattern BACKGROUND_COLOUR = Pattern.compile("\\b(background|backdrop|bg)\\b.*\\b(" + COLOURS + "|colou?r|scene|marble|wood|kitchen|beach|lifestyle|gradient|texture)\\b"
            + "|\\b(" + COLOURS + ")\\s+(background|backdrop)\\b");
    private static final Pattern LABEL_CHANGE = Pattern.compile("\\b(label|text|logo|print|lettering|writing|brand name)\\b.*\\b(vivid|colou?r|change|replace|rewrite|fix|different|bold|bigger|brighter)\\b"
            + "|\\b(vivid|colou?rful|brighter|bolder)\\b.*\\b(label|text|logo|print)\\b");
    private static final Pattern LABEL_LEGIBLE = Pattern.compile("\\b(label|text|logo|print|lettering|writing)\\b.*\\b(readable|legible|clearer|sharper|crisper|blurry)\\b");
    private static final Pattern SATURATION = Pattern.compile("\\b(vivid|saturat\\w*|colou?rful|pop|richer colou?rs?|more colou?r|less colou?r|desaturat\\w*)\\b");
    /** A colour the product is said to have too much of ("too purple", "purplish"): a complaint, not the colour it is. */
    private static final Pattern TOO_COLOUR = Pattern.compile("\\b(?:too|not)\\s+(?:dark\\s+|light\\s+)?(" + NamedColours.alternation() + ")\\b|\\b(" + NamedColours.alternation() + ")(?:ish|dish|y)\\b");

    private static final Pattern SHADOW_STYLE = Pattern.compile("\\b(softer|harder|longer|stronger|natural|drop|reflection)\\s+shadows?\\b|\\bshadows?\\b.*\\b(softer|harder|longer|left|right|direction)\\b"
            + "|\\blight(ing)?\\s+from\\b|\\blit from\\b|\\blight direction\\b|\\brelight\\b");
    private static final Pattern REMOVE_SHADOW = Pattern.compile("\\b(remove|no|without|get rid of|lose|delete|drop)\\b.*\\bshadows?\\b|\\bshadows?\\b.*\\b(remove|gone|off)\\b");
    private static final Pattern ADD_SHADOW = Pattern.compile("\\b(add|want|keep|give it|put)\\b.*\\bshadows?\\b");
    private static final Pattern REMOVE_PROP = Pattern.compile("\\b(remove|get rid of|delete|take out|erase)\\b.*\\b(prop|book|box|cup|plant|hand|tag|sticker|object|thing|item)s?\\b");
    private static final Pattern TIGHTER_CUT = Pattern.compile("\\b(remove|get rid of|clean up|cut away|erase)\\b.*\\b(table|floor|wall|background|backdrop|surface|edges?|bits?|leftovers?|fringe|halo|outline)\\b"
            + "|\\b(tighter|closer|cleaner)\\s+(cut|cutout|cut-out|edges?|outline)\\b|\\b(halo|fringe)\\b");
    private static final Pattern LOOSER_CUT = Pattern.compile("\\b(cut off|cut away|missing|lost|chopped|clipped|eaten|removed)\\b|\\b(include|keep|bring back|restore)\\b.*\\b(handle|strap|cap|lid|spoon|rim|edge|part|top|bottom|ear|tip)s?\\b");
    private static final Pattern BIGGER = Pattern.compile("\\b(bigger|larger|zoom in|fill more|more of the (frame|image|picture)|less (white )?(space|margin|room)|closer up|enlarge)\\b");
    private static final Pattern SMALLER = Pattern.compile("\\b(smaller|zoom out|more (white )?(space|margin|room|padding)|less of the (frame|image)|shrink)\\b");
    private static final Pattern MOVE = Pattern.compile("\\b(move|shift|nudge|position|place|off-?cent(re|er)|cent(re|er) (it|the))\\b|\\b(rotate|straighten|tilt|turn it|flip|mirror|crop)\\b");
    private static final Pattern BRIGHTER = Pattern.compile("\\b(brighter|lighter|brighten|lighten|too dark|more light|under-?exposed|more exposure|dull|dim)\\b");
    private static final Pattern DARKER = Pattern.compile("\\b(darker|darken|too bright|too light|over-?exposed|less light|washed out|blown out)\\b");
    private static final Pattern WARMER = Pattern.compile("\\b(warmer|too (cold|blue|cool)|bluish)\\b");
    private static final Pattern COOLER = Pattern.compile("\\b(cooler|colder|too (warm|yellow|orange)|yellowish|orangey)\\b");
    private static final Pattern SHARPER = Pattern.compile("\\b(sharper|crisper|sharpen|more detail|more texture|blurry|not sharp|fuzzy|soft focus|out of focus|more contrast|punchier|more defined)\\b");
    private static final Pattern SMOOTHER = Pattern.compile("\\b(smoother|less sharp|too sharp|over-?sharpened|noisy|grainy|less noise|less grain|crunchy)\\b");

    @Override
    public FeedbackPlan plan(String feedback, PlanContext ctx) {
        List<FeedbackPlan.Step> steps = new ArrayList<>();
        List<FeedbackPlan.Declined> declined = new ArrayList<>();
        String text = feedback == null ? "" : feedback.toLowerCase(Locale.ROOT).replace('’', '\'');
        for (String clause : CLAUSES.split(text)) {
            String c = clause.strip();
            if (c.isEmpty() || c.matches("(please|thanks|thank you|ok|okay)")) {
                continue;
            }
            classify(c, ctx, steps, declined);
        }
        // the pipeline's order keeps earlier steps valid: lighting before the cut-out before detail before framing
        List<FeedbackPlan.Step> ordered = new ArrayList<>(steps);
        ordered.sort((a, b) -> a.stage().compareTo(b.stage()));
        return new FeedbackPlan(ordered, declined, capabilities(ctx));
    }

    private void classify(String c, PlanContext ctx, List<FeedbackPlan.Step> steps, List<FeedbackPlan.Declined> declined) {
        boolean white = ctx.presets().stream().anyMatch(p -> p.background().kind() == Preset.Backdrop.Kind.WHITE);
        // what the classic engine never does, first: these words also contain words of supported requests
        if (BACKGROUND_COLOUR.matcher(c).find()) {
            declined.add(new FeedbackPlan.Declined(c, white
                    ? presetIds(ctx) + " requires a pure white background (255, 255, 255); a coloured background or a scene needs a preset that allows one (lifestyle, openai engine)"
                    : "the classic engine renders only the preset's own backdrop; a scene needs the openai engine and a preset that allows one (lifestyle)"));
            return;
        }
        if (LABEL_CHANGE.matcher(c).find()) {
            declined.add(new FeedbackPlan.Declined(c, "labels, text and logos are never recoloured or redrawn: they must show the real product; "
                    + "\"sharper\" makes small print crisper"));
            return;
        }
        if (LABEL_LEGIBLE.matcher(c).find()) {
            steps.add(new FeedbackPlan.Step(c, "detail.sharper", Stage.DETAIL, Map.of("sharpen", "strong", FeedbackPlan.EXPECT, "sharper"), "stronger sharpening of fine detail and print"));
            return;
        }
        if (SHADOW_STYLE.matcher(c).find()) {
            declined.add(new FeedbackPlan.Declined(c, "the classic engine does not relight the product or reshape shadows; it can remove a shadow, "
                    + "or make the photo brighter, darker, warmer or cooler"));
            return;
        }
        if (REMOVE_SHADOW.matcher(c).find()) {
            if (ctx.presets().stream().anyMatch(Preset::shadow)) {
                steps.add(new FeedbackPlan.Step(c, "framing.shadow-off", Stage.FINALIZE, Map.of("shadow", "off"), "no drawn contact shadow"));
            } else {
                steps.add(new FeedbackPlan.Step(c, "background.tighter", Stage.BACKGROUND, Map.of("segmentation", "strict"),
                        "a stricter cut-out that leaves the photo's shadow out"));
            }
            return;
        }
        if (ADD_SHADOW.matcher(c).find()) {
            List<String> without = ctx.presets().stream().filter(p -> !p.shadow()).map(Preset::id).toList();
            declined.add(new FeedbackPlan.Declined(c, without.isEmpty()
                    ? "the presets already draw a soft contact shadow"
                    : String.join(", ", without) + " asks for no drawn shadow (the marketplace's rules)"));
            return;
        }
        if (REMOVE_PROP.matcher(c).find()) {
            declined.add(new FeedbackPlan.Declined(c, "the classic engine cannot remove an object from the photo; photograph the product alone, "
                    + "or ask for a tighter cut-out when the object stands apart from the product"));
            return;
        }
        // a colour named beside another request ("the red mug bigger", "a warmer white") describes, it does not ask
        java.util.Optional<NamedColours.Named> named = NamedColours.find(TOO_COLOUR.matcher(c).replaceAll(" "));
        if (named.isPresent() && !asksSomethingElse(c)) {
            ProductColourStep.plan(c, named.get().words(), SMALL.matcher(c).find(), steps, declined);
            return;
        }
        if (SATURATION.matcher(c).find()) {
            declined.add(new FeedbackPlan.Declined(c, "the product keeps its own saturation (it must match what the buyer receives); name the colour it "
                    + "really is (\"the mug is navy\") and its main colour moves toward it, or ask for warmer or cooler light"));
            return;
        }
        if (MOVE.matcher(c).find()) {
            declined.add(new FeedbackPlan.Declined(c, "the presets centre the product and do not rotate or crop it; ask for it bigger or smaller"));
            return;
        }
        if (BIGGER.matcher(c).find() || SMALLER.matcher(c).find()) {
            Framing.plan(c, BIGGER.matcher(c).find(), ctx, steps, declined);
            return;
        }
        if (TIGHTER_CUT.matcher(c).find()) {
            steps.add(new FeedbackPlan.Step(c, "background.tighter", Stage.BACKGROUND, Map.of("segmentation", "strict"), "a stricter cut-out"));
            return;
        }
        if (LOOSER_CUT.matcher(c).find()) {
            steps.add(new FeedbackPlan.Step(c, "background.looser", Stage.BACKGROUND, Map.of("segmentation", "loose"),
                    "a looser cut-out that keeps more of the product's edge"));
            return;
        }
        boolean brighter = BRIGHTER.matcher(c).find(), darker = DARKER.matcher(c).find();
        if (brighter != darker) {
            double ev = (SMALL.matcher(c).find() ? EV_SMALL : LARGE.matcher(c).find() ? EV_LARGE : EV_PLAIN) * (brighter ? 1 : -1);
            steps.add(new FeedbackPlan.Step(c, brighter ? "lighting.brighter" : "lighting.darker", Stage.LIGHTING,
                    Map.of("exposure", String.format(Locale.ROOT, "%+.2f", ev), FeedbackPlan.EXPECT, brighter ? "brighter" : "darker"),
                    String.format(Locale.ROOT, "%+.2f EV", ev)));
            return;
        }
        boolean warmer = WARMER.matcher(c).find(), cooler = COOLER.matcher(c).find();
        if (warmer != cooler) {
            double w = (SMALL.matcher(c).find() ? WARMTH / 2 : LARGE.matcher(c).find() ? WARMTH * 2 : WARMTH) * (warmer ? 1 : -1);
            steps.add(new FeedbackPlan.Step(c, warmer ? "lighting.warmer" : "lighting.cooler", Stage.LIGHTING,
                    Map.of("warmth", String.format(Locale.ROOT, "%+.3f", w), FeedbackPlan.EXPECT, warmer ? "warmer" : "cooler"),
                    String.format(Locale.ROOT, "red %+.0f%%, blue %+.0f%%", w * 100, -w * 100)));
            return;
        }
        if (SMOOTHER.matcher(c).find()) {
            steps.add(new FeedbackPlan.Step(c, "detail.smoother", Stage.DETAIL, Map.of("sharpen", "smooth", FeedbackPlan.EXPECT, "smoother"), "smoother: grain smoothed away, no sharpening"));
            return;
        }
        if (SHARPER.matcher(c).find()) {
            steps.add(new FeedbackPlan.Step(c, "detail.sharper", Stage.DETAIL, Map.of("sharpen", "strong", FeedbackPlan.EXPECT, "sharper"), "stronger sharpening of fine detail and print"));
            return;
        }
        if (TOO_COLOUR.matcher(c).find()) {
            ProductColourStep.plan(c, null, false, steps, declined);
            return;
        }
        declined.add(new FeedbackPlan.Declined(c, "not understood"));
    }

    private static boolean asksSomethingElse(String c) {
        return java.util.stream.Stream.of(BIGGER, SMALLER, MOVE, TIGHTER_CUT, LOOSER_CUT, BRIGHTER, DARKER, WARMER, COOLER, SHARPER, SMOOTHER)
                .anyMatch(p -> p.matcher(c).find());
    }

    private static String presetIds(PlanContext ctx) {
        return String.join(", ", ctx.presets().stream().filter(p -> p.background().kind() == Preset.Backdrop.Kind.WHITE).map(Preset::id).toList());
    }

    /** What the classic engine can be asked on these presets, as a seller would type it. */
    @Override
    public List<String> capabilities(PlanContext ctx) {
        List<String> out = new ArrayList<>(List.of("brighter", "darker", "warmer", "cooler", "sharper", "smoother",
                "a tighter cut-out (\"remove the bits of table\")", "a looser cut-out (\"the handle is cut off\")", "bigger", "smaller",
                "the product's true colour (\"the mug is navy\": its main colour moves toward it, print kept)"));
        out.add(ctx.presets().stream().anyMatch(Preset::shadow) ? "remove the shadow" : "remove the shadow the cut-out kept");
        return out;
    }
}
