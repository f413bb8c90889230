package dev.refinery.local.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.refinery.local.store.H2Database;
import dev.refinery.local.store.Jdbc;
import dev.refinery.workflow.runner.Execution;
import dev.refinery.workflow.runner.HistoryEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The executions the local stack started, kept in the embedded database: a name is taken once (as
 * Step Functions keeps a Standard execution's name), and the record outlives the process, so a
 * redelivered start after a restart is still recognised and an execution the process stopped in the
 * middle can be run again.
 */
public final class H2ExecutionStore {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private final H2Database db;

    public H2ExecutionStore(H2Database db) {
        this.db = db;
        db.migrate("""
                CREATE TABLE IF NOT EXISTS executions (
                  name VARCHAR(80) PRIMARY KEY, execution_arn VARCHAR(512) NOT NULL, input CHARACTER LARGE OBJECT NOT NULL,
                  status VARCHAR(16) NOT NULL, started_at TIMESTAMP(9) WITH TIME ZONE NOT NULL, stopped_at TIMESTAMP(9) WITH TIME ZONE,
                  error VARCHAR(1024), cause CHARACTER LARGE OBJECT, states CHARACTER LARGE OBJECT, history CHARACTER LARGE OBJECT)""");
    }

    /** Records a new RUNNING execution; false when the name is already taken (whatever its state). */
    public boolean insertIfAbsent(String name, String executionArn, String inputJson, Instant startedAt) {
        try {
            db.call(c -> Jdbc.execute(c, "INSERT INTO executions (name, execution_arn, input, status, started_at) VALUES (?, ?, ?, ?, ?)",
                    name, executionArn, inputJson, ExecutionRecord.RUNNING, startedAt));
            return true;
        } catch (Jdbc.DuplicateKeyException e) {
            return false;
        }
    }

    /** Frees a name whose execution never ran (the queue refused it), so a later start can take it. */
    public void forget(String name) {
        db.call(c -> Jdbc.execute(c, "DELETE FROM executions WHERE name = ? AND status = ?", name, ExecutionRecord.RUNNING));
    }

    public void finish(Execution ex, Instant stoppedAt) {
        ArrayNode history = JSON.createArrayNode();
        for (HistoryEvent e : ex.history()) {
            ObjectNode o = history.addObject();
            o.put("id", e.id());
            o.put("timestamp", e.timestamp().toString());
            o.put("type", e.type().name());
            if (e.stateName() != null) {
                o.put("state", e.stateName());
            }
            o.set("details", e.details());
        }
        db.call(c -> Jdbc.execute(c, "UPDATE executions SET status = ?, stopped_at = ?, error = ?, cause = ?, states = ?, history = ? WHERE name = ?",
                ex.status().name(), stoppedAt, ex.error(), ex.cause(), write(ex.statesEntered()), write(history), ex.name()));
    }

    public Optional<ExecutionRecord> find(String name) {
        return db.call(c -> Jdbc.query(c, "SELECT * FROM executions WHERE name = ?", H2ExecutionStore::toRecord, name)).stream().findFirst();
    }

    /** Executions still marked RUNNING: at start-up, the ones a stopped process left unfinished. */
    public List<ExecutionRecord> running() {
        return db.call(c -> Jdbc.query(c, "SELECT * FROM executions WHERE status = ? ORDER BY started_at", H2ExecutionStore::toRecord,
                ExecutionRecord.RUNNING));
    }

    private static ExecutionRecord toRecord(ResultSet rs) throws SQLException {
        String states = rs.getString("states");
        String history = rs.getString("history");
        return new ExecutionRecord(rs.getString("name"), rs.getString("execution_arn"), read(rs.getString("input")), rs.getString("status"),
                Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "stopped_at"), rs.getString("error"), rs.getString("cause"),
                states == null ? List.of() : JSON.convertValue(read(states), new TypeReference<List<String>>() { }),
                history == null ? JSON.createArrayNode() : read(history));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt execution record: " + e.getOriginalMessage(), e);
        }
    }
}
