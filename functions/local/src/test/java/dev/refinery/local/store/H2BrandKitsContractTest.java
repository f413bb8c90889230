package dev.refinery.local.store;

import dev.refinery.application.ports.BrandKitsContract;
import dev.refinery.ports.BrandKits;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The brand kits' contract (the one DynamoDB passes on moto_server) on the embedded H2 database. */
class H2BrandKitsContractTest extends BrandKitsContract {
    @TempDir
    static Path dir;
    private static H2Database db;
    private static H2BrandKits kits;

    @BeforeAll
    static void open() {
        db = H2Database.file(dir.resolve("db"));
        kits = new H2BrandKits(db);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Override
    protected BrandKits kits() {
        return kits;
    }
}
