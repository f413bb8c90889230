package dev.refinery.aws.ports;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's product in the catalog: what to refine it for and where its photo comes from. The
 * refresh compares the last refinement's preset fingerprint and prompt template version with the
 * current ones to find stale images.
 *
 * @param sourceBucket/sourceKey the latest upload for this SKU (null for prompt-only items)
 * @param presetFingerprint      hash of the preset definitions the last refinement used
 * @param templateVersion        prompt template generation of the last refinement
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
        Instant updatedAt) {

    public CatalogItem {
        presets = presets == null ? List.of() : List.copyOf(presets);
    }

    public boolean hasSource() {
        return sourceKey != null || (prompt != null && !prompt.isBlank());
    }
}
