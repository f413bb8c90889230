package dev.refinery.local.store;

import dev.refinery.ports.SessionStore;
import dev.refinery.testkit.SessionStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The SessionStore contract (the one the DynamoDB adapter passes on moto_server) on the embedded H2 file database. */
class H2SessionStoreContractTest extends SessionStoreContract {
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
    protected SessionStore store() {
        return store;
    }
}
