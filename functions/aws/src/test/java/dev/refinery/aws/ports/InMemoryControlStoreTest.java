package dev.refinery.aws.ports;

import dev.refinery.aws.ControlStoreContract;
import dev.refinery.aws.ports.memory.InMemoryCatalogStore;
import dev.refinery.aws.ports.memory.InMemorySessionEventLog;
import dev.refinery.aws.ports.memory.InMemoryUploadLedger;

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
