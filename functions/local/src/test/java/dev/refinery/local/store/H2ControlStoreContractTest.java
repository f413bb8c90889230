package dev.refinery.local.store;

import dev.refinery.aws.ControlStoreContract;
import dev.refinery.aws.ports.CatalogStore;
import dev.refinery.aws.ports.SessionEventLog;
import dev.refinery.aws.ports.UploadLedger;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The catalog / upload ledger / session event contract (the one DynamoDB passes on moto_server) on the embedded H2 database. */
class H2ControlStoreContractTest extends ControlStoreContract {
    @TempDir
    static Path dir;
    private static H2Database db;
    private static H2SessionStore store;

    @BeforeAll
    static void open() {
        db = H2Database.file(dir.resolve("db"));
        store = new H2SessionStore(db);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Override
    protected CatalogStore catalog() {
        return store;
    }

    @Override
    protected UploadLedger ledger() {
        return store;
    }

    @Override
    protected SessionEventLog events() {
        return store;
    }
}
