package dev.refinery.local.store;

import dev.refinery.application.ports.PatternLibraryContract;
import dev.refinery.application.ports.PatternLibrary;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The pattern library's contract (the one DynamoDB passes on moto_server) on the embedded H2 database. */
class H2PatternLibraryContractTest extends PatternLibraryContract {
    @TempDir
    static Path dir;
    private static H2Database db;
    private static H2PatternLibrary library;

    @BeforeAll
    static void open() {
        db = H2Database.file(dir.resolve("db"));
        library = new H2PatternLibrary(db);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Override
    protected PatternLibrary library() {
        return library;
    }
}
