package dev.refinery.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a piece of work will cost before it starts, as a range: {@code lowUsd} when every model call succeeds once
 * and the quality check asks for no fix-up, {@code highUsd} at the fix-up loop's bound with every call asked twice
 * (the engine's own retry of a step whose product drifted). Money is spent per model call, so the range is also
 * given in calls.
 *
 * @param parts           the range per part: {@code base}, {@code lighting}, {@code background}, {@code detail},
 *                        {@code scene:<preset>} (a scene preset's own share), {@code fixups}
 * @param capRemainingUsd what the tenant may still spend under its AI spending cap; null when uncapped or free
 * @param basis           how it was worked out, in words
 */
public record CostEstimate(double lowUsd, double highUsd, int modelCalls, int maxModelCalls, Map<String, Range> parts,
                           Double capRemainingUsd, String basis) {
    public CostEstimate {
        parts = parts == null ? Map.of() : Map.copyOf(parts);
    }

    /** A part's range in USD. */
    public record Range(double lowUsd, double highUsd) {
        public Range plus(Range o) {
            return new Range(lowUsd + o.lowUsd, highUsd + o.highUsd);
        }
    }

    /** No model call: the classic engine's work. */
    public static CostEstimate free(String basis) {
        return new CostEstimate(0, 0, 0, 0, Map.of(), null, basis);
    }

    /** Whether the upper bound would take the tenant past its cap. */
    public boolean crossesCap() {
        return capRemainingUsd != null && highUsd > capRemainingUsd + 1e-9;
    }

    /** This estimate and another engine's for the same work (a classic session's scenes are the openai engine's). */
    public CostEstimate plus(CostEstimate o) {
        Map<String, Range> p = new LinkedHashMap<>(parts);
        o.parts.forEach((k, v) -> p.merge(k, v, Range::plus));
        Double cap = capRemainingUsd == null ? o.capRemainingUsd : o.capRemainingUsd == null ? capRemainingUsd : Math.min(capRemainingUsd, o.capRemainingUsd);
        String words = o.highUsd == 0 ? basis : highUsd == 0 ? o.basis : basis + "; " + o.basis;
        return new CostEstimate(lowUsd + o.lowUsd, highUsd + o.highUsd, modelCalls + o.modelCalls, maxModelCalls + o.maxModelCalls, p, cap, words);
    }
}
