package dev.refinery.engine;

import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.Stage;

/**
 * Performs the editing stages on the master image. Implementations: the deterministic
 * {@code classic} engine and the generative {@code openai} engine.
 */
public interface RefinementEngine {
    /** "classic", "openai". */
    String id();

    /**
     * Applies one editing stage ({@link Stage#LIGHTING}, {@link Stage#BACKGROUND} or
     * {@link Stage#DETAIL}). The background stage returns the product cut out on a transparent
     * background (ARGB); later stages keep that alpha.
     */
    EditResult edit(Stage stage, EditRequest request);

    /**
     * The planner that turns a seller's feedback into this engine's steps, when the engine has its own (openai: a
     * language model with structured outputs); null: the caller uses {@link dev.refinery.feedback.FreeTextPlanner#forEngine}.
     */
    default dev.refinery.feedback.FeedbackPlanner planner() {
        return null;
    }

    /**
     * What work will cost on this engine before it starts ({@link CostEstimate}); the classic engine's is free. The
     * openai engine prices its calls from its price table and says what the tenant's cap leaves.
     */
    /**
     * This engine reading presets from {@code presets} (the service's: a tenant's brand-site among them). An engine
     * that shapes its requests from the presets (openai) answers a copy; one that does not, itself.
     */
    default RefinementEngine withPresets(dev.refinery.domain.PresetCatalog presets) {
        return this;
    }

    default CostEstimate estimate(EstimateRequest request) {
        return CostEstimate.free("the " + id() + " engine makes no paid call");
    }

    /**
     * Whether {@link #generate} makes a base image from a prompt. Asked before a prompt session is admitted, so a seller
     * hears at once that the engine cannot, instead of finding the session failed at its first stage.
     */
    default boolean generatesFromPrompt() {
        return false;
    }

    /** Makes a base image from a prompt (sessions without an upload). */
    default EditResult generate(GenerateRequest request) {
        throw new EngineUnavailableException(
                "The " + id() + " engine cannot generate an image from a prompt",
                "upload a photo, or run the session with the openai engine");
    }
}
