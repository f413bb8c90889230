package dev.refinery.local.store;

import dev.refinery.domain.ConflictException;
import dev.refinery.domain.TransientRefineryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The embedded database of the local stack: H2 in a file under the stack's folder (or in memory),
 * one connection pool for every store that lives in it. H2 rather than SQLite because it is pure
 * Java (no native library unpacked at run time), and its MVCC engine locks rows, not the whole
 * database, so concurrent stage writers wait on the one row they contend for instead of failing
 * with SQLITE_BUSY; conditional writes are ordinary primary keys and {@code WHERE revision = ?}.
 */
public final class H2Database implements AutoCloseable {
    /** How long a writer waits for a row another transaction holds before the call fails as retryable. */
    private static final int LOCK_TIMEOUT_MS = 10_000;

    private final JdbcConnectionPool pool;
    private final String description;

    private H2Database(String url, String description) {
        this.pool = JdbcConnectionPool.create(url, "refinery", "");
        this.pool.setMaxConnections(64);
        this.description = description;
    }

    /** A database in {@code dir} (created if missing); one process at a time may open it. */
    public static H2Database file(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database folder " + dir, e);
        }
        String path = dir.toAbsolutePath().resolve("refinery").toString();
        return new H2Database("jdbc:h2:file:" + path + ";LOCK_TIMEOUT=" + LOCK_TIMEOUT_MS, path + ".mv.db");
    }

    /** A private in-memory database, gone when closed. */
    public static H2Database memory() {
        String name = "refinery-" + UUID.randomUUID();
        return new H2Database("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=" + LOCK_TIMEOUT_MS, "memory:" + name);
    }

    public String description() {
        return description;
    }

    /** Runs DDL statements (each idempotent: CREATE ... IF NOT EXISTS). */
    public void migrate(String... statements) {
        inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
            return null;
        });
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** One statement with auto-commit. */
    public <T> T call(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(true);
            return work.run(c);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** A lost race on a row becomes the pipeline's conflict; a lock held too long is worth retrying. */
    static RuntimeException translate(SQLException e) {
        return switch (e.getErrorCode()) {
            case ErrorCode.DUPLICATE_KEY_1 -> new Jdbc.DuplicateKeyException(e);
            case ErrorCode.CONCURRENT_UPDATE_1, ErrorCode.DEADLOCK_1 ->
                    new ConflictException("the embedded database refused a concurrent change: " + e.getMessage());
            case ErrorCode.DATABASE_ALREADY_OPEN_1 -> new DatabaseInUseException("the local stack's database is open in another process "
                    + "(a running make serve or make run on the same OUT?): stop it or use another OUT", e);
            case ErrorCode.LOCK_TIMEOUT_1 ->
                    new TransientRefineryException("the embedded database was busy: " + e.getMessage(), e);
            default -> new IllegalStateException("embedded database error " + e.getErrorCode() + ": " + e.getMessage(), e);
        };
    }

    @Override
    public void close() {
        // Compacts the file on the way out; for a memory database this drops it.
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            // already closed
        }
        pool.dispose();
    }
}
