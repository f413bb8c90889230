package dev.refinery.engine;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * @param current   the latest approved version (what the stage edits)
 * @param original  the base version (what the product must stay identical to)
 * @param presetIds the session's target presets (a stage may serve several)
 * @param feedback  the seller's feedback or the quality check's correction for this round, or null
 * @param hints     machine-readable corrections from the quality check (e.g. {@code segmentation=strict})
 * @param keep      earlier approved changes, so this step does not undo them
 * @param facts     product facts: category, material, colours...
 */
public record EditRequest(
        BufferedImage current,
        BufferedImage original,
        List<String> presetIds,
        String feedback,
        Map<String, String> hints,
        List<String> keep,
        Map<String, String> facts,
        String tenant) {

    public EditRequest {
        presetIds = presetIds == null ? List.of() : List.copyOf(presetIds);
        hints = hints == null ? Map.of() : Map.copyOf(hints);
        keep = keep == null ? List.of() : List.copyOf(keep);
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    public String hint(String name, String fallback) {
        return hints.getOrDefault(name, fallback);
    }
}
