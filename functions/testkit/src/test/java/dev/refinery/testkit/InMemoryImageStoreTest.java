package dev.refinery.testkit;

import dev.refinery.ports.ImageStore;
import dev.refinery.ports.memory.InMemoryImageStore;

class InMemoryImageStoreTest extends ImageStoreContract {
    private final InMemoryImageStore store = new InMemoryImageStore();

    @Override
    protected ImageStore store() {
        return store;
    }
}
