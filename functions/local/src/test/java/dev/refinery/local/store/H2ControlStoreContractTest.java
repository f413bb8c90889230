package dev.refinery.local.store;

import dev.refinery.application.ports.ControlStoreContract;
import dev.refinery.application.ports.CatalogStore;
import dev.refinery.application.ports.SessionEventLog;
import dev.refinery.application.ports.UploadLedger;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The catalog / upload ledger / session event contract (the one DynamoDB passes on moto_server) on the embedded H2 database. */
class H2ControlStoreContractTest extends ControlStoreContract {
    @TempDir
    static Path dir;
    private static H2Database db;
    private static H2CatalogStore catalog;
    private static H2UploadLedger ledger;
    private static H2SessionEventLog events;

    /** Each port's own adapter, all three on one database as the local stack opens it. */
    @BeforeAll
    static void open() {
        db = H2Database.file(dir.resolve("db"));
        catalog = new H2CatalogStore(db);
        ledger = new H2UploadLedger(db);
        events = new H2SessionEventLog(db);
    }

    @AfterAll
    static void close() {
        db.close();
    }

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
