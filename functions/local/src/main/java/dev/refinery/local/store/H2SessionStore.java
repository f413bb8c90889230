package dev.refinery.local.store;

import static dev.refinery.local.store.Jdbc.execute;
import static dev.refinery.local.store.Jdbc.instant;
import static dev.refinery.local.store.Jdbc.query;
import static dev.refinery.local.store.JsonColumns.INT_MAP;
import static dev.refinery.local.store.JsonColumns.STRINGS;
import static dev.refinery.local.store.JsonColumns.STRING_MAP;
import static dev.refinery.local.store.JsonColumns.json;
import static dev.refinery.local.store.JsonColumns.parse;

import dev.refinery.domain.Approval;
import dev.refinery.domain.ConflictException;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.domain.VersionSlot;
import dev.refinery.ports.SessionStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DynamoDB session store's counterpart in the embedded database: sessions, versions, version slots and counters,
 * every row keyed by tenant first. Same semantics, same contract suite: a second create conflicts, an update with a
 * stale revision conflicts and changes nothing, a slot keeps its number, numbers have no gaps. Like every local
 * adapter (H2CatalogStore, H2UploadLedger, H2SessionEventLog, H2PatternLibrary) it creates the tables it alone uses,
 * in the one {@link H2Database} they share.
 */
public final class H2SessionStore implements SessionStore {
    private static final int RESERVE_ATTEMPTS = 12;

    private final H2Database db;

    public H2SessionStore(H2Database db) {
        this.db = db;
        db.migrate(
                """
                CREATE TABLE IF NOT EXISTS sessions (
                  tenant VARCHAR(64) NOT NULL, id VARCHAR(64) NOT NULL, sku VARCHAR(64),
                  src_bucket VARCHAR(255), src_key VARCHAR(1024), src_version VARCHAR(1024), prompt CHARACTER LARGE OBJECT,
                  presets VARCHAR(4000) NOT NULL, engine VARCHAR(64), category VARCHAR(255), facts CHARACTER LARGE OBJECT NOT NULL,
                  status VARCHAR(16) NOT NULL, reason CHARACTER LARGE OBJECT, round_no INT NOT NULL, head_no INT NOT NULL,
                  finals VARCHAR(4000) NOT NULL, revision BIGINT NOT NULL,
                  created_at TIMESTAMP(9) WITH TIME ZONE NOT NULL, updated_at TIMESTAMP(9) WITH TIME ZONE NOT NULL,
                  PRIMARY KEY (tenant, id))""",
                "CREATE INDEX IF NOT EXISTS sessions_by_sku ON sessions (tenant, sku, created_at)",
                "CREATE INDEX IF NOT EXISTS sessions_by_tenant ON sessions (tenant, created_at, id)",
                """
                CREATE TABLE IF NOT EXISTS version_counters (
                  tenant VARCHAR(64) NOT NULL, session_id VARCHAR(64) NOT NULL, last_no INT NOT NULL,
                  PRIMARY KEY (tenant, session_id))""",
                """
                CREATE TABLE IF NOT EXISTS version_slots (
                  tenant VARCHAR(64) NOT NULL, session_id VARCHAR(64) NOT NULL, slot VARCHAR(255) NOT NULL, version_no INT NOT NULL,
                  PRIMARY KEY (tenant, session_id, slot))""",
                """
                CREATE TABLE IF NOT EXISTS versions (
                  tenant VARCHAR(64) NOT NULL, session_id VARCHAR(64) NOT NULL, version_no INT NOT NULL, parent_no INT NOT NULL,
                  round_no INT NOT NULL, iteration_no INT NOT NULL, stage VARCHAR(32) NOT NULL, preset VARCHAR(64),
                  engine VARCHAR(64), image_key VARCHAR(1024), content_type VARCHAR(255), mask_key VARCHAR(1024),
                  params CHARACTER LARGE OBJECT NOT NULL, metrics CHARACTER LARGE OBJECT NOT NULL, millis BIGINT NOT NULL,
                  cost_usd DOUBLE PRECISION NOT NULL, approval VARCHAR(16) NOT NULL, note CHARACTER LARGE OBJECT,
                  created_at TIMESTAMP(9) WITH TIME ZONE NOT NULL, image_expired BOOLEAN NOT NULL,
                  PRIMARY KEY (tenant, session_id, version_no))""",
                // a feedback round's operations for one stage, one version each (databases made before it have none)
                "ALTER TABLE versions ADD COLUMN IF NOT EXISTS step_no INT DEFAULT 0 NOT NULL");
    }

    // ------------------------------------------------------------------ sessions

    @Override
    public Session create(Session session) {
        Session stored = session.withRevision(1);
        try {
            db.call(c -> execute(c, """
                    INSERT INTO sessions (tenant, id, sku, src_bucket, src_key, src_version, prompt, presets, engine, category, facts,
                      status, reason, round_no, head_no, finals, revision, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", sessionValues(stored)));
        } catch (Jdbc.DuplicateKeyException e) {
            throw new ConflictException("Session " + session.id() + " already exists");
        }
        return stored;
    }

    private static Object[] sessionValues(Session s) {
        Source src = s.source() == null ? new Source(null, null, null, null) : s.source();
        return new Object[] {s.tenant(), s.id(), s.sku(), src.bucket(), src.key(), src.objectVersion(), src.prompt(),
                json(s.presets()), s.engine(), s.category(), json(s.facts()), s.status().name(), s.reason(), s.round(), s.head(),
                json(s.finals()), s.revision(), s.createdAt(), s.updatedAt()};
    }

    @Override
    public Optional<Session> find(String tenant, String sessionId) {
        return db.call(c -> query(c, "SELECT * FROM sessions WHERE tenant = ? AND id = ?", H2SessionStore::toSession, tenant, sessionId))
                .stream().findFirst();
    }

    @Override
    public Session update(Session session) {
        Session stored = session.withRevision(session.revision() + 1);
        int changed = db.call(c -> execute(c, """
                UPDATE sessions SET sku = ?, src_bucket = ?, src_key = ?, src_version = ?, prompt = ?, presets = ?, engine = ?,
                  category = ?, facts = ?, status = ?, reason = ?, round_no = ?, head_no = ?, finals = ?, revision = ?,
                  created_at = ?, updated_at = ?
                WHERE tenant = ? AND id = ? AND revision = ?""", updateValues(stored, session.revision())));
        if (changed == 0) {
            throw new ConflictException("Session " + session.id() + " was changed concurrently (revision " + session.revision() + " is stale)");
        }
        return stored;
    }

    private static Object[] updateValues(Session s, long expectedRevision) {
        Object[] v = sessionValues(s);
        // sessionValues: tenant, id, then the 17 columns; the UPDATE takes the 17 columns, then the key and the expected revision.
        Object[] out = new Object[v.length + 1];
        System.arraycopy(v, 2, out, 0, v.length - 2);
        out[v.length - 2] = s.tenant();
        out[v.length - 1] = s.id();
        out[v.length] = expectedRevision;
        return out;
    }

    @Override
    public List<Session> findBySku(String tenant, String sku) {
        return db.call(c -> query(c, "SELECT * FROM sessions WHERE tenant = ? AND sku = ? ORDER BY created_at DESC, id DESC",
                H2SessionStore::toSession, tenant, sku));
    }

    @Override
    public dev.refinery.ports.SessionPage page(String tenant, int limit, dev.refinery.ports.SessionPage.Cursor cursor) {
        List<Session> rows = cursor == null
                ? db.call(c -> query(c, "SELECT * FROM sessions WHERE tenant = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                        H2SessionStore::toSession, tenant, limit + 1))
                : db.call(c -> query(c, "SELECT * FROM sessions WHERE tenant = ? AND (created_at < ? OR (created_at = ? AND id < ?)) "
                        + "ORDER BY created_at DESC, id DESC LIMIT ?", H2SessionStore::toSession, tenant,
                        cursor.createdAt(), cursor.createdAt(), cursor.id(), limit + 1));
        return dev.refinery.ports.SessionPage.of(rows, limit, false);
    }

    private static Session toSession(ResultSet rs) throws SQLException {
        Source source = new Source(rs.getString("src_bucket"), rs.getString("src_key"), rs.getString("src_version"), rs.getString("prompt"));
        return new Session(rs.getString("tenant"), rs.getString("id"), rs.getString("sku"), source,
                parse(rs.getString("presets"), STRINGS), rs.getString("engine"), rs.getString("category"),
                parse(rs.getString("facts"), STRING_MAP), SessionStatus.valueOf(rs.getString("status")), rs.getString("reason"),
                rs.getInt("round_no"), rs.getInt("head_no"), parse(rs.getString("finals"), INT_MAP), rs.getLong("revision"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    // ------------------------------------------------------------------ versions

    /**
     * The slot's number, or the next one: in one transaction the counter row is incremented (a row
     * lock: concurrent reservers of the session queue here) and the slot inserted; a concurrent
     * reserver of the same slot loses on the slot's primary key, rolls its increment back and reads
     * the winner's number. Numbers have no gaps and a retried stage gets its own number back.
     */
    @Override
    public int reserveVersion(String tenant, String sessionId, VersionSlot slot) {
        for (int attempt = 0; attempt < RESERVE_ATTEMPTS; attempt++) {
            Integer existing = db.call(c -> slotNumber(c, tenant, sessionId, slot));
            if (existing != null) {
                return existing;
            }
            try {
                return db.inTransaction(c -> {
                    if (execute(c, "UPDATE version_counters SET last_no = last_no + 1 WHERE tenant = ? AND session_id = ?", tenant, sessionId) == 0) {
                        execute(c, "INSERT INTO version_counters (tenant, session_id, last_no) VALUES (?, ?, 1)", tenant, sessionId);
                    }
                    int n = query(c, "SELECT last_no FROM version_counters WHERE tenant = ? AND session_id = ?", rs -> rs.getInt(1),
                            tenant, sessionId).get(0);
                    execute(c, "INSERT INTO version_slots (tenant, session_id, slot, version_no) VALUES (?, ?, ?, ?)", tenant, sessionId, slot.id(), n);
                    return n;
                });
            } catch (Jdbc.DuplicateKeyException e) {
                // Another reserver created the counter or took this slot first: read again.
            } catch (ConflictException e) {
                // A concurrent transaction changed the counter row underneath: read again.
            }
        }
        throw new ConflictException("Could not reserve a version number for " + slot.id() + " of session " + sessionId
                + " after " + RESERVE_ATTEMPTS + " attempts");
    }

    private static Integer slotNumber(Connection c, String tenant, String sessionId, VersionSlot slot) throws SQLException {
        List<Integer> n = query(c, "SELECT version_no FROM version_slots WHERE tenant = ? AND session_id = ? AND slot = ?",
                rs -> rs.getInt(1), tenant, sessionId, slot.id());
        return n.isEmpty() ? null : n.get(0);
    }

    @Override
    public void saveVersion(ImageVersion v) {
        Map<String, String> metrics = new LinkedHashMap<>();
        // As strings: measurements are sometimes NaN or infinite, which JSON numbers cannot hold.
        v.metrics().forEach((k, d) -> metrics.put(k, Double.toString(d)));
        db.call(c -> execute(c, """
                MERGE INTO versions (tenant, session_id, version_no, parent_no, round_no, iteration_no, stage, preset, step_no, engine, image_key,
                  content_type, mask_key, params, metrics, millis, cost_usd, approval, note, created_at, image_expired)
                KEY (tenant, session_id, version_no)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                v.tenant(), v.sessionId(), v.number(), v.parent(), v.slot().round(), v.slot().iteration(), v.slot().stage().name(),
                v.slot().preset(), v.slot().step(), v.engine(), v.imageKey(), v.contentType(), v.maskKey(), json(v.params()), json(metrics), v.millis(),
                v.costUsd(), v.approval().name(), v.note(), v.createdAt(), v.imageExpired()));
    }

    @Override
    public List<ImageVersion> versions(String tenant, String sessionId) {
        return db.call(c -> query(c, "SELECT * FROM versions WHERE tenant = ? AND session_id = ? ORDER BY version_no", rs -> {
            Map<String, Double> metrics = new LinkedHashMap<>();
            parse(rs.getString("metrics"), STRING_MAP).forEach((k, d) -> metrics.put(k, Double.parseDouble(d)));
            return new ImageVersion(rs.getString("tenant"), rs.getString("session_id"), rs.getInt("version_no"), rs.getInt("parent_no"),
                    new VersionSlot(rs.getInt("round_no"), rs.getInt("iteration_no"), Stage.valueOf(rs.getString("stage")), rs.getString("preset"),
                            rs.getInt("step_no")),
                    rs.getString("engine"), rs.getString("image_key"), rs.getString("content_type"), rs.getString("mask_key"),
                    parse(rs.getString("params"), STRING_MAP), metrics, rs.getLong("millis"), rs.getDouble("cost_usd"),
                    Approval.valueOf(rs.getString("approval")), rs.getString("note"), instant(rs, "created_at"), rs.getBoolean("image_expired"));
        }, tenant, sessionId));
    }
}
