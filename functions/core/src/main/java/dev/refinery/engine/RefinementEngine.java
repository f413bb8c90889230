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

    /** Makes a base image from a prompt (sessions without an upload). */
    default EditResult generate(GenerateRequest request) {
        throw new EngineUnavailableException(
                "The " + id() + " engine cannot generate an image from a prompt",
                "upload a photo, or run the session with the openai engine");
    }
}
