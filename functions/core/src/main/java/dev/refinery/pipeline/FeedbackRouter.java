package dev.refinery.pipeline;

import dev.refinery.domain.Stage;
import java.util.Locale;
import java.util.regex.Pattern;

/** Picks the one stage a seller's feedback is about: one major change per round. */
public final class FeedbackRouter {
    private static final Pattern LIGHTING = Pattern.compile("\\b(light|lighting|bright|brighter|darker|dark|exposure|colou?r|cast|warm|cool|white balance|contrast)\\b");
    private static final Pattern BACKGROUND = Pattern.compile("\\b(background|backdrop|shadow|cut ?out|edge|edges|halo|scene|surface)\\b");

    private FeedbackRouter() {
    }

    public static Stage stageFor(String feedback) {
        String f = feedback == null ? "" : feedback.toLowerCase(Locale.ROOT);
        if (BACKGROUND.matcher(f).find()) {
            return Stage.BACKGROUND;
        }
        if (LIGHTING.matcher(f).find()) {
            return Stage.LIGHTING;
        }
        return Stage.DETAIL;
    }
}
