package dev.refinery.testkit;

import dev.refinery.ports.SessionStore;
import dev.refinery.ports.memory.InMemorySessionStore;

class InMemorySessionStoreTest extends SessionStoreContract {
    private final InMemorySessionStore store = new InMemorySessionStore();

    @Override
    protected SessionStore store() {
        return store;
    }
}
