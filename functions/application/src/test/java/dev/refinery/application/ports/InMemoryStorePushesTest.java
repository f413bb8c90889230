package dev.refinery.application.ports;

import dev.refinery.application.ports.memory.InMemoryStorePushes;

class InMemoryStorePushesTest extends StorePushesContract {
    private final StorePushes pushes = new InMemoryStorePushes();

    @Override
    protected StorePushes pushes() {
        return pushes;
    }
}
