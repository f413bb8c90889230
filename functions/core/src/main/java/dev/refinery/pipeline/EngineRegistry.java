package dev.refinery.pipeline;

import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Stage;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.feedback.FeedbackPlanner;
import dev.refinery.feedback.FreeTextPlanner;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The engines this process holds, by id: which one a session's work runs on, what it will cost, who plans its feedback. */
final class EngineRegistry {
    private final Map<String, RefinementEngine> byId;
    private final PresetCatalog presets;

    EngineRegistry(List<RefinementEngine> engines, PresetCatalog presets) {
        Map<String, RefinementEngine> byId = new HashMap<>();
        for (RefinementEngine e : engines) {
            byId.put(e.id(), e);
        }
        this.byId = Map.copyOf(byId);
        this.presets = presets;
    }

    /** The engine of that id, or null when this process does not hold it. */
    RefinementEngine find(String id) {
        return byId.get(id);
    }

    boolean has(String id) {
        return byId.containsKey(id);
    }

    /** The engine of that id; one this process does not hold is refused with what to set up or choose instead. */
    RefinementEngine require(String id) {
        RefinementEngine e = byId.get(id);
        if (e == null) {
            throw new EngineUnavailableException("Engine '" + id + "' is not available",
                    "openai".equals(id) ? "set OPENAI_API_KEY (or configure the key's secret) to use the openai engine" : "use one of: " + String.join(", ", byId.keySet()));
        }
        return e;
    }

    /**
     * What work on a session of {@code engineId} will cost before it starts: the engine's own calls, and the scene
     * presets' scenes where another engine makes them (a classic session's lifestyle scene is the openai engine's).
     */
    dev.refinery.engine.CostEstimate estimate(String engineId, dev.refinery.engine.EstimateRequest request) {
        dev.refinery.engine.CostEstimate total = require(engineId).estimate(request);
        java.util.Set<String> sceneEngines = new java.util.TreeSet<>();
        for (String presetId : request.presets()) {
            Preset p = presets.get(request.tenant(), presetId);
            if (p.background().kind() == Preset.Backdrop.Kind.SCENE) {
                sceneEngines.add(p.engineFor(Stage.BACKGROUND, "openai"));
            }
        }
        for (String other : sceneEngines) {
            RefinementEngine e = byId.get(other);
            if (e != null && !other.equals(engineId)) {
                total = total.plus(e.estimate(request.scenes()));
            }
        }
        return total;
    }

    /**
     * The feedback planner for a session's engine: the engine's own when this process has the engine and it plans
     * (openai: a language model), else the engine's words-only planner ({@link FreeTextPlanner#forEngine}; the
     * control functions hold no engine).
     */
    FeedbackPlanner planner(String engineId) {
        RefinementEngine e = byId.get(engineId);
        FeedbackPlanner own = e == null ? null : e.planner();
        return own != null ? own : FreeTextPlanner.forEngine(engineId);
    }

    /**
     * Refuses a prompt-started session on an engine that cannot generate a base image, with the words its base stage
     * would fail with later (an unknown engine is refused as {@link SessionLifecycle#start} refuses it).
     */
    void ensureGeneratesFromPrompt(String engineId) {
        RefinementEngine e = require(engineId);
        if (!e.generatesFromPrompt()) {
            throw new EngineUnavailableException("The " + engineId + " engine cannot generate an image from a prompt",
                    "upload a photo, or run the session with the openai engine");
        }
    }
}
