package dev.refinery.aws.dynamodb;

import static dev.refinery.aws.dynamodb.RefineryTable.GSI1PK;
import static dev.refinery.aws.dynamodb.RefineryTable.GSI1SK;
import static dev.refinery.aws.dynamodb.RefineryTable.PK;
import static dev.refinery.aws.dynamodb.RefineryTable.SK;

import dev.refinery.aws.ports.CatalogItem;
import dev.refinery.aws.ports.CatalogStore;
import dev.refinery.aws.ports.SessionEvent;
import dev.refinery.aws.ports.SessionEventLog;
import dev.refinery.aws.ports.UploadLedger;
import dev.refinery.aws.ports.UploadRecord;
import dev.refinery.domain.Approval;
import dev.refinery.domain.ConflictException;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.domain.TransientRefineryException;
import dev.refinery.domain.VersionSlot;
import dev.refinery.ports.SessionStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import dev.refinery.aws.SdkErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * Sessions, versions, version slots, session events, upload records and catalog items in one
 * DynamoDB table. Every partition key starts with the tenant ({@code T#tenant#...}), so no key
 * built from one tenant's request can reach another tenant's items.
 *
 * <pre>
 * pk                          sk                      what
 * T#{t}#S#{session}           SESSION                 the session (revision = optimistic lock; gsi1 = bySku)
 * T#{t}#S#{session}           V#000007                version 7
 * T#{t}#S#{session}           SLOT#r0-i1-lighting     which number a stage's slot got
 * T#{t}#S#{session}           COUNTER                 last version number handed out
 * T#{t}#S#{session}           E#{time}#{random}       a session event
 * T#{t}#U#{uploadId}          UPLOAD                  start-once-per-upload record (TTL expiresAt)
 * T#{t}#CATALOG               SKU#{sku}               catalog item
 * T#{t}#SPEND                 MONTH#{yyyy-MM}         AI spending of the month ({@link DynamoDbSpendTotals})
 * </pre>
 */
public final class DynamoDbSessionStore implements SessionStore, CatalogStore, UploadLedger, SessionEventLog {
    private static final int RESERVE_ATTEMPTS = 12;
    /** Fixed width so that sort keys order like instants. */
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final DynamoDbClient db;
    private final String table;

    public DynamoDbSessionStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    static String sessionPk(String tenant, String sessionId) {
        return "T#" + tenant + "#S#" + sessionId;
    }

    static String skuKey(String tenant, String sku) {
        return "T#" + tenant + "#SKU#" + sku;
    }

    static String catalogPk(String tenant) {
        return "T#" + tenant + "#CATALOG";
    }

    // ------------------------------------------------------------------ sessions

    @Override
    public Session create(Session session) {
        Session stored = session.withRevision(1);
        try {
            call(() -> db.putItem(b -> b.tableName(table).item(sessionItem(stored))
                    .conditionExpression("attribute_not_exists(pk)")));
        } catch (ConditionalCheckFailedException e) {
            throw new ConflictException("Session " + session.id() + " already exists");
        }
        return stored;
    }

    @Override
    public Optional<Session> find(String tenant, String sessionId) {
        Map<String, AttributeValue> item = call(() -> db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(sessionPk(tenant, sessionId), "SESSION")))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toSession(item));
    }

    @Override
    public Session update(Session session) {
        Session stored = session.withRevision(session.revision() + 1);
        try {
            call(() -> db.putItem(b -> b.tableName(table).item(sessionItem(stored))
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
        for (Map<String, AttributeValue> item : query(QueryRequest.builder().tableName(table).indexName(RefineryTable.GSI_BY_SKU)
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
        for (Map<String, AttributeValue> item : call(() -> db.query(b -> b.tableName(table).indexName(RefineryTable.GSI_BY_TENANT)
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
        m.put("presets", AttributeValue.fromL(s.presets().stream().map(DynamoDbSessionStore::s).toList()));
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
            Map<String, AttributeValue> existing = call(() -> db.getItem(b -> b.tableName(table).consistentRead(true).key(slotKey))).item();
            if (existing != null && !existing.isEmpty()) {
                return integer(existing, "number");
            }
            Map<String, AttributeValue> counter = call(() -> db.getItem(b -> b.tableName(table).consistentRead(true).key(counterKey))).item();
            int current = counter == null || counter.isEmpty() ? 0 : integer(counter, "next");
            int next = current + 1;
            Map<String, AttributeValue> slotItem = new HashMap<>(slotKey);
            slotItem.put("type", s("slot"));
            slotItem.put("number", n(next));
            try {
                call(() -> db.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().put(Put.builder().tableName(table).item(slotItem)
                                .conditionExpression("attribute_not_exists(pk)").build()).build(),
                        TransactWriteItem.builder().update(Update.builder().tableName(table).key(counterKey)
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
        call(() -> db.putItem(b -> b.tableName(table).item(m)));
    }

    @Override
    public List<ImageVersion> versions(String tenant, String sessionId) {
        List<ImageVersion> out = new ArrayList<>();
        for (Map<String, AttributeValue> m : query(QueryRequest.builder().tableName(table).consistentRead(true)
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

    // ------------------------------------------------------------------ events

    @Override
    public void append(SessionEvent e) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(PK, s(sessionPk(e.tenant(), e.sessionId())));
        m.put(SK, s("E#" + SORTABLE.format(e.at()) + "#" + UUID.randomUUID().toString().substring(0, 8)));
        m.put("type", s("event"));
        m.put("eventType", s(e.type()));
        m.put("at", s(e.at().toString()));
        m.put("detail", strings(e.detail()));
        call(() -> db.putItem(b -> b.tableName(table).item(m)));
    }

    @Override
    public List<SessionEvent> events(String tenant, String sessionId) {
        List<SessionEvent> out = new ArrayList<>();
        for (Map<String, AttributeValue> m : query(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :e)")
                .expressionAttributeValues(Map.of(":pk", s(sessionPk(tenant, sessionId)), ":e", s("E#"))).build())) {
            out.add(new SessionEvent(tenant, sessionId, Instant.parse(str(m, "at")), str(m, "eventType"), stringMap(m.get("detail"))));
        }
        return out;
    }

    // ------------------------------------------------------------------ uploads

    @Override
    public Claim claim(UploadRecord r) {
        Map<String, AttributeValue> k = key("T#" + r.tenant() + "#U#" + r.uploadId(), "UPLOAD");
        Map<String, AttributeValue> m = new HashMap<>(k);
        m.put("type", s("upload"));
        m.put("tenant", s(r.tenant()));
        m.put("uploadId", s(r.uploadId()));
        m.put("bucket", s(r.bucket()));
        m.put("key", s(r.key()));
        putIf(m, "objectVersion", r.objectVersion());
        m.put("sessionId", s(r.sessionId()));
        m.put("executionName", s(r.executionName()));
        m.put("createdAt", s(r.createdAt().toString()));
        m.put(RefineryTable.TTL, n(r.expiresAt().getEpochSecond()));
        try {
            call(() -> db.putItem(b -> b.tableName(table).item(m).conditionExpression("attribute_not_exists(pk)")));
            return new Claim(r, true);
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> cur = call(() -> db.getItem(b -> b.tableName(table).consistentRead(true).key(k))).item();
            return new Claim(new UploadRecord(str(cur, "tenant"), str(cur, "uploadId"), str(cur, "bucket"), str(cur, "key"),
                    str(cur, "objectVersion"), str(cur, "sessionId"), str(cur, "executionName"), Instant.parse(str(cur, "createdAt")),
                    Instant.ofEpochSecond(Long.parseLong(cur.get(RefineryTable.TTL).n()))), false);
        }
    }

    // ------------------------------------------------------------------ catalog

    @Override
    public Optional<CatalogItem> findItem(String tenant, String sku) {
        Map<String, AttributeValue> item = call(() -> db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(catalogPk(tenant), "SKU#" + sku)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toItem(item));
    }

    @Override
    public List<CatalogItem> items(String tenant) {
        return query(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :s)")
                .expressionAttributeValues(Map.of(":pk", s(catalogPk(tenant)), ":s", s("SKU#"))).build())
                .stream().map(DynamoDbSessionStore::toItem).toList();
    }

    @Override
    public CatalogItem putItem(String tenant, String sku, List<String> presets, String category, Map<String, String> facts, String prompt,
                               String sourceBucket, String sourceKey, Instant now) {
        Updates u = new Updates();
        u.set("tenant", s(tenant)).set("sku", s(sku)).set("type", s("catalog"))
                .set("presets", AttributeValue.fromL(presets.stream().map(DynamoDbSessionStore::s).toList()))
                .set("category", s(category)).set("updatedAt", s(now.toString()));
        if (facts != null && !facts.isEmpty()) {
            Map<String, AttributeValue> m = new java.util.LinkedHashMap<>();
            facts.forEach((k, v) -> m.put(k, s(v)));
            u.set("facts", AttributeValue.fromM(m));
        } else {
            u.remove("facts");
        }
        if (prompt != null) {
            u.set("prompt", s(prompt));
        } else {
            u.remove("prompt");
        }
        if (sourceKey != null) {
            u.set("sourceBucket", s(sourceBucket)).set("sourceKey", s(sourceKey));
        }
        return toItem(u.apply(key(catalogPk(tenant), "SKU#" + sku)));
    }

    @Override
    public CatalogItem registerUpload(String tenant, String sku, String bucket, String key, List<String> defaultPresets,
                                      String defaultCategory, Instant now) {
        Updates u = new Updates();
        u.set("tenant", s(tenant)).set("sku", s(sku)).set("type", s("catalog"))
                .setIfAbsent("presets", AttributeValue.fromL(defaultPresets.stream().map(DynamoDbSessionStore::s).toList()))
                .setIfAbsent("category", s(defaultCategory))
                .set("sourceBucket", s(bucket)).set("sourceKey", s(key)).set("updatedAt", s(now.toString()));
        return toItem(u.apply(key(catalogPk(tenant), "SKU#" + sku)));
    }

    @Override
    public void markRefined(String tenant, String sku, String sessionId, Instant at, String templateVersion, String presetFingerprint) {
        Updates u = new Updates();
        u.set("lastSessionId", s(sessionId)).set("lastRefinedAt", s(at.toString()))
                .set("templateVersion", s(templateVersion)).set("presetFingerprint", s(presetFingerprint));
        try {
            u.applyIfExists(key(catalogPk(tenant), "SKU#" + sku));
        } catch (ConditionalCheckFailedException e) {
            // The item was never registered (a session started by id only): nothing to mark.
        }
    }

    @Override
    public Page scanItems(String cursor, int limit) {
        Map<String, AttributeValue> start = cursor == null ? null : decodeCursor(cursor);
        List<CatalogItem> out = new ArrayList<>();
        Map<String, AttributeValue> last = start;
        do {
            Map<String, AttributeValue> from = last;
            ScanResponse page = call(() -> db.scan(ScanRequest.builder().tableName(table)
                    .filterExpression("#type = :catalog").expressionAttributeNames(Map.of("#type", "type"))
                    .expressionAttributeValues(Map.of(":catalog", s("catalog")))
                    .exclusiveStartKey(from).limit(Math.max(limit, 25)).build()));
            page.items().forEach(i -> out.add(toItem(i)));
            last = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (last != null && out.size() < limit);
        return new Page(out, last == null ? null : encodeCursor(last));
    }

    private static CatalogItem toItem(Map<String, AttributeValue> m) {
        return new CatalogItem(str(m, "tenant"), str(m, "sku"),
                m.containsKey("presets") ? m.get("presets").l().stream().map(AttributeValue::s).toList() : List.of(),
                str(m, "category"), str(m, "prompt"), str(m, "sourceBucket"), str(m, "sourceKey"), str(m, "templateVersion"),
                str(m, "presetFingerprint"), instant(m, "lastRefinedAt"), str(m, "lastSessionId"), instant(m, "updatedAt"),
                m.containsKey("facts") ? m.get("facts").m().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s())) : Map.of());
    }

    private static String encodeCursor(Map<String, AttributeValue> key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (key.get(PK).s() + "\n" + key.get(SK).s()).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> decodeCursor(String cursor) {
        String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", 2);
        return key(parts[0], parts[1]);
    }

    /** One UpdateItem built from SET/REMOVE clauses. */
    private final class Updates {
        private final List<String> sets = new ArrayList<>();
        private final List<String> removes = new ArrayList<>();
        private final Map<String, String> names = new HashMap<>();
        private final Map<String, AttributeValue> values = new HashMap<>();

        Updates set(String attr, AttributeValue v) {
            int i = names.size();
            names.put("#a" + i, attr);
            values.put(":v" + i, v);
            sets.add("#a" + i + " = :v" + i);
            return this;
        }

        Updates setIfAbsent(String attr, AttributeValue v) {
            int i = names.size();
            names.put("#a" + i, attr);
            values.put(":v" + i, v);
            sets.add("#a" + i + " = if_not_exists(#a" + i + ", :v" + i + ")");
            return this;
        }

        Updates remove(String attr) {
            int i = names.size();
            names.put("#a" + i, attr);
            removes.add("#a" + i);
            return this;
        }

        private String expression() {
            return "SET " + String.join(", ", sets) + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        }

        Map<String, AttributeValue> apply(Map<String, AttributeValue> key) {
            return call(() -> db.updateItem(b -> b.tableName(table).key(key).updateExpression(expression())
                    .expressionAttributeNames(names).expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW))).attributes();
        }

        void applyIfExists(Map<String, AttributeValue> key) {
            call(() -> db.updateItem(b -> b.tableName(table).key(key).updateExpression(expression())
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(names).expressionAttributeValues(values)));
        }
    }

    // ------------------------------------------------------------------ helpers

    private List<Map<String, AttributeValue>> query(QueryRequest first) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        QueryRequest req = first;
        while (true) {
            QueryRequest r = req;
            QueryResponse page = call(() -> db.query(r));
            out.addAll(page.items());
            if (!page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty()) {
                return out;
            }
            req = first.toBuilder().exclusiveStartKey(page.lastEvaluatedKey()).build();
        }
    }

    /** Throttling and network failures become the pipeline's retryable error; conditions pass through. */
    /** Runs a DynamoDB call, turning throttling and unreachable-service failures into retryable errors. */
    static <T> T call(Supplier<T> op) {
        try {
            return op.get();
        } catch (ProvisionedThroughputExceededException e) {
            throw new TransientRefineryException("DynamoDB throttled the request", e);
        } catch (SdkClientException e) {
            throw new TransientRefineryException("DynamoDB could not be reached: " + e.getMessage(), e);
        } catch (AwsServiceException e) {
            // ThrottlingException, RequestLimitExceeded, InternalServerError... once the SDK's own retries ran out.
            if (SdkErrors.transientService(e)) {
                throw new TransientRefineryException("DynamoDB answered " + e.statusCode() + " "
                        + (e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode()), e);
            }
            throw e;
        }
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

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static void putIf(Map<String, AttributeValue> m, String name, String v) {
        if (v != null) {
            m.put(name, s(v));
        }
    }

    private static AttributeValue strings(Map<String, String> map) {
        Map<String, AttributeValue> m = new HashMap<>();
        map.forEach((k, v) -> m.put(k, s(v)));
        return AttributeValue.fromM(m);
    }

    private static Map<String, String> stringMap(AttributeValue v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v != null && v.hasM()) {
            v.m().forEach((k, x) -> out.put(k, x.s()));
        }
        return out;
    }

    private static String str(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null ? null : v.s();
    }

    private static int integer(Map<String, AttributeValue> m, String name) {
        return Integer.parseInt(m.get(name).n());
    }

    private static Instant instant(Map<String, AttributeValue> m, String name) {
        String v = str(m, name);
        return v == null ? null : Instant.parse(v);
    }
}
