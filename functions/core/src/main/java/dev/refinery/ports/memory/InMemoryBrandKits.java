package dev.refinery.ports.memory;

import dev.refinery.domain.BrandKit;
import dev.refinery.domain.ConflictException;
import dev.refinery.ports.BrandKits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Brand kits in this process (tests, the command line). */
public final class InMemoryBrandKits implements BrandKits {
    private final Map<String, List<BrandKit>> kits = new HashMap<>();

    @Override
    public synchronized Optional<BrandKit> current(String tenant) {
        List<BrandKit> all = kits.getOrDefault(tenant, List.of());
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    @Override
    public synchronized Optional<BrandKit> version(String tenant, int version) {
        return kits.getOrDefault(tenant, List.of()).stream().filter(k -> k.version() == version).findFirst();
    }

    @Override
    public synchronized BrandKit add(BrandKit kit) {
        List<BrandKit> all = kits.computeIfAbsent(kit.tenant(), t -> new ArrayList<>());
        if (kit.version() != all.size() + 1) {
            throw new ConflictException("Brand kit version " + kit.version() + " of tenant " + kit.tenant() + " cannot follow version " + all.size());
        }
        all.add(kit);
        return kit;
    }

    @Override
    public synchronized List<BrandKit> history(String tenant) {
        return kits.getOrDefault(tenant, List.of()).stream().sorted(Comparator.comparingInt(BrandKit::version).reversed()).toList();
    }
}
