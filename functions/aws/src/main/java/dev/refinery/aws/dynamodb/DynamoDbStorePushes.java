package dev.refinery.aws.dynamodb;

import static dev.refinery.aws.dynamodb.TableClient.integer;
import static dev.refinery.aws.dynamodb.TableClient.key;
import static dev.refinery.aws.dynamodb.TableClient.putIf;
import static dev.refinery.aws.dynamodb.TableClient.str;

import dev.refinery.application.ports.StorePush;
import dev.refinery.application.ports.StorePushes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The {@link StorePushes} in the refinery table: one item per tenant, store, SKU and slot,
 * {@code pk = T#{tenant}#STORE#{store}}, {@code sk = SKU#{sku, URL-encoded}#{slot}} (encoded, so a SKU holding '#' is
 * never read as another's prefix). A SKU's pushes are one Query on the partition by the key's prefix.
 */
public final class DynamoDbStorePushes implements StorePushes {
    static final String SKU = "sku", SLOT = "slot", SESSION = "sessionId", VERSION = "version", SHA = "sha256", FILE = "fileName",
            PRODUCT = "productId", MEDIA = "mediaId", STATUS = "status", DETAIL = "detail", AT = "at";

    private final DynamoDbClient db;
    private final String table;

    public DynamoDbStorePushes(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public Optional<StorePush> find(String tenant, String store, String sku, String slot) {
        Map<String, AttributeValue> item = TableClient.call(() -> db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(pk(tenant, store), sk(sku, slot))))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(push(tenant, store, item));
    }

    @Override
    public void put(StorePush p) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(RefineryTable.PK, AttributeValue.fromS(pk(p.tenant(), p.store())));
        item.put(RefineryTable.SK, AttributeValue.fromS(sk(p.sku(), p.slot())));
        item.put(SKU, AttributeValue.fromS(p.sku()));
        item.put(SLOT, AttributeValue.fromS(p.slot()));
        item.put(VERSION, AttributeValue.fromN(Integer.toString(p.version())));
        item.put(SHA, AttributeValue.fromS(p.sha256()));
        item.put(FILE, AttributeValue.fromS(p.fileName()));
        item.put(STATUS, AttributeValue.fromS(p.status()));
        item.put(AT, AttributeValue.fromS(p.at().toString()));
        putIf(item, SESSION, p.sessionId());
        putIf(item, PRODUCT, p.productId());
        putIf(item, MEDIA, p.mediaId());
        putIf(item, DETAIL, p.detail());
        TableClient.call(() -> db.putItem(b -> b.tableName(table).item(item)));
    }

    @Override
    public List<StorePush> ofSku(String tenant, String store, String sku) {
        List<StorePush> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = TableClient.call(() -> db.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression(RefineryTable.PK + " = :pk AND begins_with(" + RefineryTable.SK + ", :prefix)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk(tenant, store)), ":prefix", AttributeValue.fromS(sk(sku, ""))))
                    .exclusiveStartKey(from)));
            r.items().forEach(i -> out.add(push(tenant, store, i)));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return List.copyOf(out);
    }

    private static StorePush push(String tenant, String store, Map<String, AttributeValue> i) {
        return new StorePush(tenant, store, str(i, SKU), str(i, SLOT), str(i, SESSION), integer(i, VERSION), str(i, SHA), str(i, FILE),
                str(i, PRODUCT), str(i, MEDIA), str(i, STATUS), str(i, DETAIL), Instant.parse(str(i, AT)));
    }

    private static String pk(String tenant, String store) {
        return "T#" + tenant + "#STORE#" + store;
    }

    private static String sk(String sku, String slot) {
        return "SKU#" + URLEncoder.encode(sku, StandardCharsets.UTF_8) + "#" + slot;
    }
}
