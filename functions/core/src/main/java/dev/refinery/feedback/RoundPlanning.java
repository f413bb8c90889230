package dev.refinery.feedback;

import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Session;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The plan of a session's next feedback round, from its engine, its presets and its current finals: one way for every caller. */
public final class RoundPlanning {
    private RoundPlanning() {
    }

    public static FeedbackPlan plan(Session s, List<ImageVersion> versions, PresetCatalog presets, String feedback) {
        return FreeTextPlanner.forEngine(s.engine()).plan(feedback, context(s, versions, presets));
    }

    public static PlanContext context(Session s, List<ImageVersion> versions, PresetCatalog presets) {
        Map<String, Double> fill = new HashMap<>();
        s.finals().forEach((preset, number) -> versions.stream().filter(v -> v.number() == number).findFirst()
                .map(v -> v.params().get("fill")).ifPresent(f -> {
                    try {
                        fill.put(preset, Double.parseDouble(f));
                    } catch (NumberFormatException ignored) {
                        // a rendition without a readable fill: framing starts from the preset's target
                    }
                }));
        return new PlanContext(s.engine(), s.presets().stream().map(presets::get).toList(), fill);
    }
}
