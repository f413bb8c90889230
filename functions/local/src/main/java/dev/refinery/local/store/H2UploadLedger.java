package dev.refinery.local.store;

import static dev.refinery.local.store.Jdbc.execute;
import static dev.refinery.local.store.Jdbc.instant;
import static dev.refinery.local.store.Jdbc.query;

import dev.refinery.application.ports.UploadLedger;
import dev.refinery.application.ports.UploadRecord;
import java.time.Instant;

/**
 * The DynamoDB upload ledger's counterpart in the embedded database: start-once-per-upload records; the first claim
 * of an upload wins and later claims get its record. Expired records go in {@link #sweepExpiredUploads}.
 */
public final class H2UploadLedger implements UploadLedger {
    private final H2Database db;

    public H2UploadLedger(H2Database db) {
        this.db = db;
        db.migrate(
                """
                CREATE TABLE IF NOT EXISTS uploads (
                  tenant VARCHAR(64) NOT NULL, upload_id VARCHAR(128) NOT NULL, bucket VARCHAR(255) NOT NULL,
                  object_key VARCHAR(1024) NOT NULL, object_version VARCHAR(1024), session_id VARCHAR(64) NOT NULL,
                  execution_name VARCHAR(80) NOT NULL, created_at TIMESTAMP(9) WITH TIME ZONE NOT NULL,
                  expires_at TIMESTAMP(9) WITH TIME ZONE NOT NULL,
                  PRIMARY KEY (tenant, upload_id))""");
    }

    @Override
    public Claim claim(UploadRecord r) {
        try {
            db.call(c -> execute(c, """
                    INSERT INTO uploads (tenant, upload_id, bucket, object_key, object_version, session_id, execution_name, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", r.tenant(), r.uploadId(), r.bucket(), r.key(), r.objectVersion(), r.sessionId(),
                    r.executionName(), r.createdAt(), r.expiresAt()));
            return new Claim(r, true);
        } catch (Jdbc.DuplicateKeyException e) {
            // Claimed before: answer with the first claim's record.
        }
        UploadRecord existing = db.call(c -> query(c, "SELECT * FROM uploads WHERE tenant = ? AND upload_id = ?",
                rs -> new UploadRecord(rs.getString("tenant"), rs.getString("upload_id"), rs.getString("bucket"), rs.getString("object_key"),
                        rs.getString("object_version"), rs.getString("session_id"), rs.getString("execution_name"),
                        instant(rs, "created_at"), instant(rs, "expires_at")), r.tenant(), r.uploadId())).get(0);
        return new Claim(existing, false);
    }

    /** What DynamoDB's TTL does in the background: removes upload records past their expiry. Returns how many. */
    public int sweepExpiredUploads(Instant now) {
        return db.call(c -> execute(c, "DELETE FROM uploads WHERE expires_at < ?", now));
    }
}
