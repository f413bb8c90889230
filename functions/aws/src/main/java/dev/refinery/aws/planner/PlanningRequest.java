package dev.refinery.aws.planner;

import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.engine.EstimateRequest;
import dev.refinery.feedback.PlanContext;
import java.util.List;
import java.util.Map;

/**
 * What the API sends the feedback-planner function: the plan's context and the seller's words, a request for the
 * capabilities alone ({@code feedback} null), or the work to price ({@code estimate}). Plain data, the same JSON both ways.
 */
public record PlanningRequest(String engine, String tenant, List<String> presets, Map<String, Double> currentFill, String feedback,
                              EstimateRequest estimate) {
    public PlanningRequest {
        presets = List.copyOf(presets);
        currentFill = currentFill == null ? Map.of() : Map.copyOf(currentFill);
    }

    static PlanningRequest of(PlanContext ctx, String feedback) {
        return new PlanningRequest(ctx.engine(), ctx.tenant(), ctx.presets().stream().map(Preset::id).toList(), ctx.currentFill(), feedback, null);
    }

    /** A request for the cost of work on the engine ({@code estimate}), answered with a {@code CostEstimate}. */
    static PlanningRequest of(String engine, EstimateRequest estimate) {
        return new PlanningRequest(engine, estimate.tenant(), estimate.presets(), Map.of(), null, estimate);
    }

    public PlanContext context(PresetCatalog catalog) {
        return new PlanContext(engine, presets.stream().map(id -> catalog.get(tenant, id)).toList(), currentFill, tenant);
    }
}
