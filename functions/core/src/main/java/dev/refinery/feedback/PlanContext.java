package dev.refinery.feedback;

import dev.refinery.domain.Preset;
import java.util.List;
import java.util.Map;

/**
 * What a plan depends on besides the words.
 *
 * @param engine      the session's engine id ({@code classic}, {@code openai})
 * @param presets     the session's target presets (what their rules allow)
 * @param currentFill each preset's fill in the current finals (from finalize's params), for relative framing
 * @param tenant      whose round it is (a planner that calls a paid model charges it to this tenant); null in tests
 *                    of planners that cost nothing
 */
public record PlanContext(String engine, List<Preset> presets, Map<String, Double> currentFill, String tenant) {
    public PlanContext {
        presets = List.copyOf(presets);
        currentFill = currentFill == null ? Map.of() : Map.copyOf(currentFill);
    }

    public PlanContext(String engine, List<Preset> presets, Map<String, Double> currentFill) {
        this(engine, presets, currentFill, null);
    }
}
