package dev.refinery.aws.dynamodb;

import static dev.refinery.aws.dynamodb.RefineryTable.PK;
import static dev.refinery.aws.dynamodb.RefineryTable.SK;
import static dev.refinery.aws.dynamodb.TableClient.call;
import static dev.refinery.aws.dynamodb.TableClient.instant;
import static dev.refinery.aws.dynamodb.TableClient.key;
import static dev.refinery.aws.dynamodb.TableClient.s;
import static dev.refinery.aws.dynamodb.TableClient.str;

import dev.refinery.application.ports.CatalogItem;
import dev.refinery.application.ports.CatalogStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Catalog items in the refinery table (layout: {@link RefineryTable}): partition {@code T#{tenant}#CATALOG}, sort key
 * {@code SKU#{sku}}; every write is one UpdateItem, so concurrent writers never lose each other's attributes.
 */
public final class DynamoDbCatalogStore implements CatalogStore {
    private final TableClient table;

    public DynamoDbCatalogStore(DynamoDbClient db, String table) {
        this.table = new TableClient(db, table);
    }

    private static String catalogPk(String tenant) {
        return "T#" + tenant + "#CATALOG";
    }

    @Override
    public Optional<CatalogItem> findItem(String tenant, String sku) {
        Map<String, AttributeValue> item = call(() -> table.db().getItem(b -> b.tableName(table.name()).consistentRead(true)
                .key(key(catalogPk(tenant), "SKU#" + sku)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toItem(item));
    }

    @Override
    public List<CatalogItem> items(String tenant) {
        return table.query(QueryRequest.builder().tableName(table.name()).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :s)")
                .expressionAttributeValues(Map.of(":pk", s(catalogPk(tenant)), ":s", s("SKU#"))).build())
                .stream().map(DynamoDbCatalogStore::toItem).toList();
    }

    @Override
    public CatalogItem putItem(String tenant, String sku, List<String> presets, String category, Map<String, String> facts, String prompt,
                               String sourceBucket, String sourceKey, Instant now) {
        Updates u = new Updates();
        u.set("tenant", s(tenant)).set("sku", s(sku)).set("type", s("catalog"))
                .set("presets", AttributeValue.fromL(presets.stream().map(TableClient::s).toList()))
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
                .setIfAbsent("presets", AttributeValue.fromL(defaultPresets.stream().map(TableClient::s).toList()))
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
            ScanResponse page = call(() -> table.db().scan(ScanRequest.builder().tableName(table.name())
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
            return call(() -> table.db().updateItem(b -> b.tableName(table.name()).key(key).updateExpression(expression())
                    .expressionAttributeNames(names).expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW))).attributes();
        }

        void applyIfExists(Map<String, AttributeValue> key) {
            call(() -> table.db().updateItem(b -> b.tableName(table.name()).key(key).updateExpression(expression())
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(names).expressionAttributeValues(values)));
        }
    }
}
