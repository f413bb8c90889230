package dev.refinery.application.ports;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Catalog items, one per tenant and SKU. Every write is a single atomic update: no read-modify-write races. */
public interface CatalogStore {
    Optional<CatalogItem> findItem(String tenant, String sku);

    /** The tenant's items ordered by SKU. */
    List<CatalogItem> items(String tenant);

    /**
     * A seller sets what the item is refined for, the product's facts among it (they replace the item's; empty: none);
     * refinement history is kept.
     */
    CatalogItem putItem(String tenant, String sku, List<String> presets, String category, Map<String, String> facts, String prompt,
                        String sourceBucket, String sourceKey, Instant now);

    /** As above, without facts. */
    default CatalogItem putItem(String tenant, String sku, List<String> presets, String category, String prompt,
                                String sourceBucket, String sourceKey, Instant now) {
        return putItem(tenant, sku, presets, category, Map.of(), prompt, sourceBucket, sourceKey, now);
    }

    /** An upload registers the item (with defaults) or updates its source, keeping presets, category and facts a seller chose. */
    CatalogItem registerUpload(String tenant, String sku, String bucket, String key, List<String> defaultPresets,
                               String defaultCategory, Instant now);

    /** Records that a session was started for the item with these presets and template version. */
    void markRefined(String tenant, String sku, String sessionId, Instant at, String templateVersion, String presetFingerprint);

    /** One page of every tenant's items, for the scheduled refresh. */
    Page scanItems(String cursor, int limit);

    record Page(List<CatalogItem> items, String nextCursor) {
        public Page {
            items = List.copyOf(items);
        }
    }
}
