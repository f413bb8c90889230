package dev.refinery.feedback;

import dev.refinery.domain.Stage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The plan for an engine that reads the seller's words itself but has no planner of its own (the openai engine plans
 * with its language model, {@code ModelPlanner}; this is the fallback where none is wired): one step, the whole
 * feedback as the instruction, at the stage it is mostly about. Nothing is declined here, because the model sees
 * every word.
 */
public final class FreeTextPlanner implements FeedbackPlanner {
    private static final Pattern LIGHTING = Pattern.compile("\\b(light|lighting|bright|brighter|darker|dark|exposure|colou?r|cast|warm|cool|white balance|contrast)\\b");
    private static final Pattern BACKGROUND = Pattern.compile("\\b(background|backdrop|shadow|cut ?out|edge|edges|halo|scene|surface)\\b");

    @Override
    public FeedbackPlan plan(String feedback, PlanContext context) {
        String f = feedback == null ? "" : feedback.toLowerCase(Locale.ROOT);
        Stage stage = BACKGROUND.matcher(f).find() ? Stage.BACKGROUND : LIGHTING.matcher(f).find() ? Stage.LIGHTING : Stage.DETAIL;
        return new FeedbackPlan(List.of(new FeedbackPlan.Step(feedback, stage.id() + ".instruction", stage, Map.of(),
                "the " + context.engine() + " engine's " + stage.id() + " edit, with your words as the instruction")), List.of(),
                List.of("anything in words: the " + context.engine() + " engine's model reads the whole request"));
    }

    /** The planner for an engine: the classic grammar, or the model's own reading of the words. */
    public static FeedbackPlanner forEngine(String engine) {
        return "classic".equals(engine) ? new ClassicGrammar() : new FreeTextPlanner();
    }
}
