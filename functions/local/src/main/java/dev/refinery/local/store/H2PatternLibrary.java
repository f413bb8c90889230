package dev.refinery.local.store;

import static dev.refinery.local.store.Jdbc.execute;
import static dev.refinery.local.store.Jdbc.query;

import dev.refinery.application.ports.PatternLibrary;
import dev.refinery.domain.ConflictException;
import java.time.Instant;
import java.util.List;

/**
 * The {@link PatternLibrary} in the local stack's database, as the DynamoDB adapter keeps it: one row per tenant,
 * category and words (normalised), its count raised by one atomic UPDATE; the first approval inserts it, and an
 * insert that loses a race to a concurrent one turns into the update.
 */
public final class H2PatternLibrary implements PatternLibrary {
    private final H2Database db;

    public H2PatternLibrary(H2Database db) {
        this.db = db;
        db.migrate("""
                CREATE TABLE IF NOT EXISTS patterns (
                  tenant VARCHAR(64) NOT NULL, category VARCHAR(255) NOT NULL, words VARCHAR(2000) NOT NULL,
                  feedback CHARACTER LARGE OBJECT NOT NULL, operations VARCHAR(4000) NOT NULL, approvals BIGINT NOT NULL,
                  last_approved_at TIMESTAMP(9) WITH TIME ZONE NOT NULL,
                  PRIMARY KEY (tenant, category, words))""");
    }

    @Override
    public void approved(String tenant, String category, String feedback, List<String> operations, Instant at) {
        String c0 = category == null ? "" : category, words = PatternLibrary.normalise(feedback), ops = String.join(",", operations);
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                db.inTransaction(c -> {
                    int updated = execute(c, """
                            UPDATE patterns SET approvals = approvals + 1, operations = ?, last_approved_at = ?
                            WHERE tenant = ? AND category = ? AND words = ?""", ops, at, tenant, c0, words);
                    if (updated == 0) {
                        execute(c, """
                                INSERT INTO patterns (tenant, category, words, feedback, operations, approvals, last_approved_at)
                                VALUES (?, ?, ?, ?, ?, 1, ?)""", tenant, c0, words, feedback, ops, at);
                    }
                    return null;
                });
                return;
            } catch (Jdbc.DuplicateKeyException e) {
                // a concurrent first approval inserted the row: this attempt counts on it
            }
        }
        throw new ConflictException("the pattern \"" + words + "\" kept changing during the write");
    }

    @Override
    public List<Pattern> top(String tenant, String category, int limit) {
        return db.call(c -> query(c, """
                SELECT feedback, operations, approvals, last_approved_at FROM patterns WHERE tenant = ? AND category = ?
                ORDER BY approvals DESC, last_approved_at DESC LIMIT ?""",
                rs -> {
                    String ops = rs.getString("operations");
                    return new Pattern(rs.getString("feedback"), ops.isEmpty() ? List.of() : List.of(ops.split(",")),
                            rs.getLong("approvals"), Jdbc.instant(rs, "last_approved_at"));
                }, tenant, category == null ? "" : category, limit));
    }
}
