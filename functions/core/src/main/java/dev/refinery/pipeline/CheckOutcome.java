package dev.refinery.pipeline;

import dev.refinery.domain.Stage;
import dev.refinery.quality.QualityReport;
import java.util.List;
import java.util.Map;

/**
 * The quality check over every preset of a session.
 *
 * @param repairStage the earliest stage that can repair the failures, or null when none can (needs review)
 * @param feedback    corrective feedback in words, for engines that read prompts
 * @param hints       machine-readable corrections: the repair stage's under their own names, and
 *                    when an earlier stage is repaired, finalize's under {@value #FINALIZE_PREFIX}
 *                    (a failed framing or file size must still be corrected when the loop re-runs
 *                    finalize after, say, detail). One map, so the state machine carries it unchanged.
 */
public record CheckOutcome(boolean passed, List<QualityReport> reports, Stage repairStage, String feedback,
                           Map<String, String> hints) {
    public static final String FINALIZE_PREFIX = "finalize.";

    public CheckOutcome {
        reports = List.copyOf(reports);
        hints = hints == null ? Map.of() : Map.copyOf(hints);
    }

    /** The hints for the repair stage itself. */
    public static Map<String, String> repairHints(Map<String, String> hints) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        hints.forEach((k, v) -> {
            if (!k.startsWith(FINALIZE_PREFIX)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The hints a feedback round's plan carries for {@code stage}: those under its id ({@code lighting.exposure} → exposure). */
    public static Map<String, String> planHints(Stage stage, Map<String, String> hints) {
        String prefix = stage.id() + ".";
        Map<String, String> out = new java.util.LinkedHashMap<>();
        hints.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** The hints for finalize: its own when it is the repair stage, else the ones carried for it. */
    public static Map<String, String> finalizeHints(Stage repairStage, Map<String, String> hints) {
        if (repairStage == Stage.FINALIZE) {
            return repairHints(hints);
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        hints.forEach((k, v) -> {
            if (k.startsWith(FINALIZE_PREFIX)) {
                out.put(k.substring(FINALIZE_PREFIX.length()), v);
            }
        });
        return out;
    }

    public String summary() {
        return String.join(" | ", reports.stream().filter(r -> !r.passed()).map(QualityReport::summary).toList());
    }
}
