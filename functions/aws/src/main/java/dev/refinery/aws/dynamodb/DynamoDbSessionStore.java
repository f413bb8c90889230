package dev.refinery.aws.dynamodb;

import static dev.refinery.aws.dynamodb.RefineryTable.GSI1PK;
import static dev.refinery.aws.dynamodb.RefineryTable.GSI1SK;
import static dev.refinery.aws.dynamodb.RefineryTable.PK;
import static dev.refinery.aws.dynamodb.RefineryTable.SK;
import static dev.refinery.aws.dynamodb.TableClient.SORTABLE;
import static dev.refinery.aws.dynamodb.TableClient.call;
import static dev.refinery.aws.dynamodb.TableClient.integer;
import static dev.refinery.aws.dynamodb.TableClient.key;
import static dev.refinery.aws.dynamodb.TableClient.n;
import static dev.refinery.aws.dynamodb.TableClient.putIf;
import static dev.refinery.aws.dynamodb.TableClient.s;
import static dev.refinery.aws.dynamodb.TableClient.sessionPk;
import static dev.refinery.aws.dynamodb.TableClient.str;
import static dev.refinery.aws.dynamodb.TableClient.stringMap;
import static dev.refinery.aws.dynamodb.TableClient.strings;

import dev.refinery.domain.Approval;
import dev.refinery.domain.ConflictException;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.domain.VersionSlot;
import dev.refinery.ports.SessionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Sessions, their versions, version slots and the version counter in the refinery table (layout: {@link RefineryTable}):
 * items under {@code T#{tenant}#S#{session}}, the session itself indexed by SKU (bySku) and by tenant (byTenant).
 */
public final class DynamoDbSessionStore implements SessionStore {
    private static final int RESERVE_ATTEMPTS = 12;

    private final TableClient table;

    public DynamoDbSessionStore(DynamoDbClient db, String table) {
        this.table = new TableClient(db, table);
    }

    private static String skuKey(String tenant, String sku) {
        return "T#" + tenant + "#SKU#" + sku;
    }

    // ------------------------------------------------------------------ sessions

    @Override
    public Session create(Session session) {
        Session stored = session.withRevision(1);
        try {
            call(() -> table.db().putItem(b -> b.tableName(table.name()).item(sessionItem(stored))
                    .conditionExpression("attribute_not_exists(pk)")));
        } catch (ConditionalCheckFailedException e) {
            throw new ConflictException("Session " + session.id() + " already exists");
        }
        return stored;
    }

    @Override
    public Optional<Session> find(String tenant, String sessionId) {
        Map<String, AttributeValue> item = call(() -> table.db().getItem(b -> b.tableName(table.name()).consistentRead(true)
                .key(key(sessionPk(tenant, sessionId), "SESSION")))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toSession(item));
    }

    @Override
    public Session update(Session session) {
        Session stored = session.withRevision(session.revision() + 1);
        try {
            call(() -> table.db().putItem(b -> b.tableName(table.name()).item(sessionItem(stored))
                    .conditionExpression("attribute_exists(pk) AND revision = :expected")
                    .expressionAttributeValues(Map.of(":expected", n(session.revision())))));
        } catch (ConditionalCheckFailedException e) {
            throw new ConflictException("Session " + session.id() + " was changed concurrently (revision " + session.revision() + " is stale)");
        }
        return stored;
    }

    @Override
    public List<Session> findBySku(String tenant, String sku) {
        List<Session> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : table.query(QueryRequest.builder().tableName(table.name()).indexName(RefineryTable.GSI_BY_SKU)
                .keyConditionExpression("gsi1pk = :k").expressionAttributeValues(Map.of(":k", s(skuKey(tenant, sku))))
                .scanIndexForward(false).build())) {
            out.add(toSession(item));
        }
        return out;
    }

    /**
     * The tenant's sessions newest first from the byTenant index: one Query of at most {@code limit + 1} items (the
     * extra one says whether a next page exists), after the cursor's place.
     */
    @Override
    public dev.refinery.ports.SessionPage page(String tenant, int limit, dev.refinery.ports.SessionPage.Cursor cursor) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":p", s(tenantSessionsKey(tenant)));
        String condition = RefineryTable.GSI2PK + " = :p";
        if (cursor != null) {
            values.put(":c", s(SORTABLE.format(cursor.createdAt()) + "#" + cursor.id()));
            condition += " AND " + RefineryTable.GSI2SK + " < :c";
        }
        String keyCondition = condition;
        List<Session> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : call(() -> table.db().query(b -> b.tableName(table.name()).indexName(RefineryTable.GSI_BY_TENANT)
                .keyConditionExpression(keyCondition).expressionAttributeValues(values).scanIndexForward(false).limit(limit + 1))).items()) {
            out.add(toSession(item));
        }
        return dev.refinery.ports.SessionPage.of(out, limit, false);
    }

    private static String tenantSessionsKey(String tenant) {
        return "T#" + tenant + "#SESSIONS";
    }

    private Map<String, AttributeValue> sessionItem(Session s) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(PK, s(sessionPk(s.tenant(), s.id())));
        m.put(SK, s("SESSION"));
        m.put("type", s("session"));
        m.put("tenant", s(s.tenant()));
        m.put("sessionId", s(s.id()));
        putIf(m, "sku", s.sku());
        if (s.sku() != null) {
            m.put(GSI1PK, s(skuKey(s.tenant(), s.sku())));
            m.put(GSI1SK, s(SORTABLE.format(s.createdAt()) + "#" + s.id()));
        }
        m.put(RefineryTable.GSI2PK, s(tenantSessionsKey(s.tenant())));
        m.put(RefineryTable.GSI2SK, s(SORTABLE.format(s.createdAt()) + "#" + s.id()));
        if (s.source() != null) {
            putIf(m, "srcBucket", s.source().bucket());
            putIf(m, "srcKey", s.source().key());
            putIf(m, "srcVersion", s.source().objectVersion());
            putIf(m, "prompt", s.source().prompt());
        }
        m.put("presets", AttributeValue.fromL(s.presets().stream().map(TableClient::s).toList()));
        putIf(m, "engine", s.engine());
        putIf(m, "category", s.category());
        m.put("facts", strings(s.facts()));
        m.put("status", s(s.status().name()));
        putIf(m, "reason", s.reason());
        m.put("round", n(s.round()));
        m.put("head", n(s.head()));
        Map<String, AttributeValue> finals = new HashMap<>();
        s.finals().forEach((k, v) -> finals.put(k, n(v)));
        m.put("finals", AttributeValue.fromM(finals));
        m.put("revision", n(s.revision()));
        m.put("createdAt", s(s.createdAt().toString()));
        m.put("updatedAt", s(s.updatedAt().toString()));
        return m;
    }

    private static Session toSession(Map<String, AttributeValue> m) {
        Source source = new Source(str(m, "srcBucket"), str(m, "srcKey"), str(m, "srcVersion"), str(m, "prompt"));
        Map<String, Integer> finals = new HashMap<>();
        m.getOrDefault("finals", AttributeValue.fromM(Map.of())).m().forEach((k, v) -> finals.put(k, Integer.parseInt(v.n())));
        return new Session(str(m, "tenant"), str(m, "sessionId"), str(m, "sku"), source,
                m.get("presets").l().stream().map(AttributeValue::s).toList(), str(m, "engine"), str(m, "category"),
                stringMap(m.get("facts")), SessionStatus.valueOf(str(m, "status")), str(m, "reason"),
                integer(m, "round"), integer(m, "head"), finals, Long.parseLong(m.get("revision").n()),
                Instant.parse(str(m, "createdAt")), Instant.parse(str(m, "updatedAt")));
    }

    // ------------------------------------------------------------------ versions

    /**
     * The slot's number, or the next one: a transaction writes the slot item (only if absent) and
     * moves the counter (only if nobody moved it since we read it), so numbers have no gaps and a
     * retried stage gets its own number back.
     */
    @Override
    public int reserveVersion(String tenant, String sessionId, VersionSlot slot) {
        String pk = sessionPk(tenant, sessionId);
        Map<String, AttributeValue> slotKey = key(pk, "SLOT#" + slot.id());
        Map<String, AttributeValue> counterKey = key(pk, "COUNTER");
        for (int attempt = 0; attempt < RESERVE_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> existing = call(() -> table.db().getItem(b -> b.tableName(table.name()).consistentRead(true).key(slotKey))).item();
            if (existing != null && !existing.isEmpty()) {
                return integer(existing, "number");
            }
            Map<String, AttributeValue> counter = call(() -> table.db().getItem(b -> b.tableName(table.name()).consistentRead(true).key(counterKey))).item();
            int current = counter == null || counter.isEmpty() ? 0 : integer(counter, "next");
            int next = current + 1;
            Map<String, AttributeValue> slotItem = new HashMap<>(slotKey);
            slotItem.put("type", s("slot"));
            slotItem.put("number", n(next));
            try {
                call(() -> table.db().transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(slotItem)
                                .conditionExpression("attribute_not_exists(pk)").build()).build(),
                        TransactWriteItem.builder().update(Update.builder().tableName(table.name()).key(counterKey)
                                .updateExpression("SET #next = :next, #type = :type")
                                .conditionExpression(current == 0 ? "attribute_not_exists(#next)" : "#next = :current")
                                .expressionAttributeNames(Map.of("#next", "next", "#type", "type"))
                                .expressionAttributeValues(current == 0
                                        ? Map.of(":next", n(next), ":type", s("counter"))
                                        : Map.of(":next", n(next), ":current", n(current), ":type", s("counter")))
                                .build()).build())));
                return next;
            } catch (TransactionCanceledException e) {
                // Someone else took this number or this slot: read again. A short jittered pause
                // keeps concurrent stage retries from colliding in lockstep.
                pause(attempt);
            }
        }
        throw new ConflictException("Could not reserve a version number for " + slot.id() + " of session " + sessionId
                + " after " + RESERVE_ATTEMPTS + " attempts");
    }

    @Override
    public void saveVersion(ImageVersion v) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(PK, s(sessionPk(v.tenant(), v.sessionId())));
        m.put(SK, s(versionSk(v.number())));
        m.put("type", s("version"));
        m.put("tenant", s(v.tenant()));
        m.put("sessionId", s(v.sessionId()));
        m.put("number", n(v.number()));
        m.put("parent", n(v.parent()));
        m.put("round", n(v.slot().round()));
        m.put("iteration", n(v.slot().iteration()));
        m.put("stage", s(v.slot().stage().name()));
        putIf(m, "preset", v.slot().preset());
        if (v.slot().step() > 0) {
            m.put("step", n(v.slot().step()));
        }
        putIf(m, "engine", v.engine());
        putIf(m, "imageKey", v.imageKey());
        putIf(m, "contentType", v.contentType());
        putIf(m, "maskKey", v.maskKey());
        m.put("params", strings(v.params()));
        Map<String, AttributeValue> metrics = new HashMap<>();
        // Numbers as strings: DynamoDB numbers cannot hold NaN or infinities, measurements sometimes are.
        v.metrics().forEach((k, d) -> metrics.put(k, s(Double.toString(d))));
        m.put("metrics", AttributeValue.fromM(metrics));
        m.put("millis", n(v.millis()));
        m.put("costUsd", s(Double.toString(v.costUsd())));
        m.put("approval", s(v.approval().name()));
        putIf(m, "note", v.note());
        m.put("createdAt", s(v.createdAt().toString()));
        m.put("imageExpired", AttributeValue.fromBool(v.imageExpired()));
        call(() -> table.db().putItem(b -> b.tableName(table.name()).item(m)));
    }

    @Override
    public List<ImageVersion> versions(String tenant, String sessionId) {
        List<ImageVersion> out = new ArrayList<>();
        for (Map<String, AttributeValue> m : table.query(QueryRequest.builder().tableName(table.name()).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :v)")
                .expressionAttributeValues(Map.of(":pk", s(sessionPk(tenant, sessionId)), ":v", s("V#"))).build())) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            m.get("metrics").m().forEach((k, d) -> metrics.put(k, Double.parseDouble(d.s())));
            out.add(new ImageVersion(str(m, "tenant"), str(m, "sessionId"), integer(m, "number"), integer(m, "parent"),
                    new VersionSlot(integer(m, "round"), integer(m, "iteration"), Stage.valueOf(str(m, "stage")), str(m, "preset"),
                            m.containsKey("step") ? integer(m, "step") : 0),
                    str(m, "engine"), str(m, "imageKey"), str(m, "contentType"), str(m, "maskKey"), stringMap(m.get("params")),
                    metrics, Long.parseLong(m.get("millis").n()), Double.parseDouble(str(m, "costUsd")),
                    Approval.valueOf(str(m, "approval")), str(m, "note"), Instant.parse(str(m, "createdAt")),
                    m.get("imageExpired").bool()));
        }
        return out;
    }

    private static String versionSk(int number) {
        return String.format("V#%08d", number);
    }

    private static void pause(int attempt) {
        try {
            // restore-safe: containers restored from one snapshot must not back off in lock step
            Thread.sleep(dev.refinery.aws.runtime.Jitter.millis(1, 10L * (attempt + 1)));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new ConflictException("interrupted while reserving a version number");
        }
    }
}
