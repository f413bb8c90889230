package dev.refinery.application.ports;

import dev.refinery.application.ports.memory.InMemoryCatalogStore;
import dev.refinery.application.ports.memory.InMemorySessionEventLog;
import dev.refinery.application.ports.memory.InMemoryUploadLedger;

class InMemoryControlStoreTest extends ControlStoreContract {
    private final InMemoryCatalogStore catalog = new InMemoryCatalogStore();
    private final InMemoryUploadLedger ledger = new InMemoryUploadLedger();
    private final InMemorySessionEventLog events = new InMemorySessionEventLog();

    @Override
    protected CatalogStore catalog() {
        return catalog;
    }

    @Override
    protected UploadLedger ledger() {
        return ledger;
    }

    @Override
    protected SessionEventLog events() {
        return events;
    }
}
