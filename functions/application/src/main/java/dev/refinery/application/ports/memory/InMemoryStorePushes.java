package dev.refinery.application.ports.memory;

import dev.refinery.application.ports.StorePush;
import dev.refinery.application.ports.StorePushes;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Store pushes in this process. */
public final class InMemoryStorePushes implements StorePushes {
    private final Map<String, StorePush> pushes = new ConcurrentHashMap<>();

    @Override
    public Optional<StorePush> find(String tenant, String store, String sku, String slot) {
        return Optional.ofNullable(pushes.get(key(tenant, store, sku, slot)));
    }

    @Override
    public void put(StorePush push) {
        pushes.put(key(push.tenant(), push.store(), push.sku(), push.slot()), push);
    }

    @Override
    public List<StorePush> ofSku(String tenant, String store, String sku) {
        return pushes.values().stream().filter(p -> p.tenant().equals(tenant) && p.store().equals(store) && p.sku().equals(sku))
                .sorted(Comparator.comparing(StorePush::slot)).toList();
    }

    private static String key(String tenant, String store, String sku, String slot) {
        return tenant + "\u0000" + store + "\u0000" + sku + "\u0000" + slot;
    }
}
