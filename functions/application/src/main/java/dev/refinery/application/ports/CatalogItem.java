package dev.refinery.application.ports;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A tenant's product in the catalog: what to refine it for and where its photo comes from. The
 * refresh compares the last refinement's preset fingerprint and prompt template version with the
 * current ones to find stale images.
 *
 * @param sourceBucket/sourceKey the latest upload for this SKU (null for prompt-only items)
 * @param presetFingerprint      hash of the preset definitions the last refinement used
 * @param templateVersion        prompt template generation of the last refinement
 * @param facts                  what the seller says the product is (name → value), handed to every session of the item
 */
public record CatalogItem(
        String tenant,
        String sku,
        List<String> presets,
        String category,
        String prompt,
        String sourceBucket,
        String sourceKey,
        String templateVersion,
        String presetFingerprint,
        Instant lastRefinedAt,
        String lastSessionId,
        Instant updatedAt,
        Map<String, String> facts) {

    public CatalogItem {
        presets = presets == null ? List.of() : List.copyOf(presets);
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    /** An item without facts. */
    public CatalogItem(String tenant, String sku, List<String> presets, String category, String prompt, String sourceBucket,
                       String sourceKey, String templateVersion, String presetFingerprint, Instant lastRefinedAt,
                       String lastSessionId, Instant updatedAt) {
        this(tenant, sku, presets, category, prompt, sourceBucket, sourceKey, templateVersion, presetFingerprint, lastRefinedAt,
                lastSessionId, updatedAt, Map.of());
    }

    public boolean hasSource() {
        return sourceKey != null || (prompt != null && !prompt.isBlank());
    }
}
