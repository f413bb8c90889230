package dev.refinery.application.ports.memory;

import dev.refinery.application.ports.CatalogItem;
import dev.refinery.application.ports.CatalogStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Catalog items in memory, for unit tests and in-process runs. */
public final class InMemoryCatalogStore implements CatalogStore {
    private final Map<String, CatalogItem> items = new TreeMap<>();

    private static String key(String tenant, String sku) {
        return tenant + "\u0000" + sku;
    }

    @Override
    public synchronized Optional<CatalogItem> findItem(String tenant, String sku) {
        return Optional.ofNullable(items.get(key(tenant, sku)));
    }

    @Override
    public synchronized List<CatalogItem> items(String tenant) {
        return items.values().stream().filter(i -> i.tenant().equals(tenant)).toList();
    }

    @Override
    public synchronized CatalogItem putItem(String tenant, String sku, List<String> presets, String category, Map<String, String> facts,
                                            String prompt, String sourceBucket, String sourceKey, Instant now) {
        CatalogItem cur = items.get(key(tenant, sku));
        CatalogItem next = new CatalogItem(tenant, sku, presets, category, prompt,
                sourceKey != null ? sourceBucket : cur == null ? null : cur.sourceBucket(),
                sourceKey != null ? sourceKey : cur == null ? null : cur.sourceKey(),
                cur == null ? null : cur.templateVersion(), cur == null ? null : cur.presetFingerprint(),
                cur == null ? null : cur.lastRefinedAt(), cur == null ? null : cur.lastSessionId(), now, facts);
        items.put(key(tenant, sku), next);
        return next;
    }

    @Override
    public synchronized CatalogItem registerUpload(String tenant, String sku, String bucket, String key, List<String> defaultPresets,
                                                   String defaultCategory, Instant now) {
        CatalogItem cur = items.get(key(tenant, sku));
        CatalogItem next = cur == null
                ? new CatalogItem(tenant, sku, defaultPresets, defaultCategory, null, bucket, key, null, null, null, null, now)
                : new CatalogItem(tenant, sku, cur.presets(), cur.category(), cur.prompt(), bucket, key, cur.templateVersion(),
                cur.presetFingerprint(), cur.lastRefinedAt(), cur.lastSessionId(), now, cur.facts());
        items.put(key(tenant, sku), next);
        return next;
    }

    @Override
    public synchronized void markRefined(String tenant, String sku, String sessionId, Instant at, String templateVersion,
                                         String presetFingerprint) {
        CatalogItem cur = items.get(key(tenant, sku));
        if (cur != null) {
            items.put(key(tenant, sku), new CatalogItem(tenant, sku, cur.presets(), cur.category(), cur.prompt(), cur.sourceBucket(),
                    cur.sourceKey(), templateVersion, presetFingerprint, at, sessionId, cur.updatedAt(), cur.facts()));
        }
    }

    @Override
    public synchronized Page scanItems(String cursor, int limit) {
        List<String> keys = new ArrayList<>(items.keySet());
        int from = cursor == null ? 0 : Integer.parseInt(cursor);
        int to = Math.min(keys.size(), from + limit);
        List<CatalogItem> page = keys.subList(from, to).stream().map(items::get).toList();
        return new Page(page, to < keys.size() ? String.valueOf(to) : null);
    }
}
