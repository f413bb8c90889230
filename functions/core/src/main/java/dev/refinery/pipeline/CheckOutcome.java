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
 * @param hints       machine-readable corrections for the repair stage
 */
public record CheckOutcome(boolean passed, List<QualityReport> reports, Stage repairStage, String feedback,
                           Map<String, String> hints) {
    public CheckOutcome {
        reports = List.copyOf(reports);
        hints = hints == null ? Map.of() : Map.copyOf(hints);
    }

    public String summary() {
        return String.join(" | ", reports.stream().filter(r -> !r.passed()).map(QualityReport::summary).toList());
    }
}
