package dev.refinery.aws.handlers;

import dev.refinery.application.Ids;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.Stage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stage Lambda's input as the state machine passes it:
 * {"tenant","sessionId","iteration","repairStage","feedback","hints","mode","feedbackStage"}.
 */
public record StageInput(String tenant, String sessionId, int iteration, String repairStage, String feedback,
                         Map<String, String> hints, String mode, String feedbackStage) {
    public static final String FEEDBACK_ROUND = "feedback-round";

    public StageInput {
        hints = hints == null ? Map.of() : Map.copyOf(hints);
    }

    public static StageInput from(Map<String, Object> in) {
        if (in == null) {
            throw new InvalidInputException("The stage got no input", "the state machine passes {\"tenant\",\"sessionId\",...}");
        }
        Map<String, String> hints = new LinkedHashMap<>();
        Object h = in.get("hints");
        if (h instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (k != null && v != null) {
                    hints.put(k.toString(), v.toString());
                }
            });
        } else if (h != null) {
            throw new InvalidInputException("hints must be an object, got " + h.getClass().getSimpleName(), "pass the quality check's hints unchanged");
        }
        return new StageInput(Ids.tenant(text(in, "tenant")), Ids.session(text(in, "sessionId")), integer(in, "iteration"),
                text(in, "repairStage"), text(in, "feedback"), hints, text(in, "mode"), text(in, "feedbackStage"));
    }

    /** This stage is the one the quality check sends its correction to. */
    public boolean repairs(Stage stage) {
        return stage.id().equals(repairStage);
    }

    /**
     * This stage is the edit a seller's feedback round asks for (its own pass, not a later fix-up
     * pass of the same round): it edits the head with the feedback.
     */
    public boolean isFeedbackEdit(Stage stage) {
        return FEEDBACK_ROUND.equals(mode) && stage.id().equals(feedbackStage) && repairStage == null && iteration == 0;
    }

    private static String text(Map<String, Object> in, String name) {
        Object v = in.get(name);
        return v == null ? null : v.toString();
    }

    private static int integer(Map<String, Object> in, String name) {
        Object v = in.get(name);
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(v.toString());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name + " must be a number, got '" + v + "'", "pass the loop counter unchanged");
        }
    }
}
