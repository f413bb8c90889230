package dev.refinery.application.ports;

import dev.refinery.ports.BrandKits;
import dev.refinery.ports.memory.InMemoryBrandKits;

class InMemoryBrandKitsTest extends BrandKitsContract {
    private final BrandKits kits = new InMemoryBrandKits();

    @Override
    protected BrandKits kits() {
        return kits;
    }
}
