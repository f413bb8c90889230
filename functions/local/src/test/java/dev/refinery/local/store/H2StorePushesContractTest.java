package dev.refinery.local.store;

import dev.refinery.application.ports.StorePushesContract;
import dev.refinery.application.ports.StorePushes;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The store pushes' contract (the one DynamoDB passes on moto_server) on the embedded H2 database. */
class H2StorePushesContractTest extends StorePushesContract {
    @TempDir
    static Path dir;
    private static H2Database db;
    private static H2StorePushes pushes;

    @BeforeAll
    static void open() {
        db = H2Database.file(dir.resolve("db"));
        pushes = new H2StorePushes(db);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Override
    protected StorePushes pushes() {
        return pushes;
    }
}
