package dev.refinery.aws.dynamodb;

import dev.refinery.ports.WindowCounters;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Per-tenant window counters in the refinery table, shared by every API and trigger container: item
 * {@code pk = T#{tenant}#QUOTA}, {@code sk = {window}}, attribute {@code n} grown by a conditional atomic
 * {@code ADD} ({@code n < limit}), so concurrent containers together never pass a limit; the table's TTL
 * forgets a window after it ends.
 */
public final class DynamoDbWindowCounters implements WindowCounters {
    static final String COUNT = "n";

    private final DynamoDbClient db;
    private final String table;

    public DynamoDbWindowCounters(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public boolean tryCount(String tenant, String window, long limit, Instant expiresAt) {
        try {
            TableClient.call(() -> db.updateItem(b -> b.tableName(table).key(key(tenant, window))
                    .updateExpression("ADD " + COUNT + " :one SET " + RefineryTable.TTL + " = :ttl")
                    .conditionExpression("attribute_not_exists(" + COUNT + ") OR " + COUNT + " < :limit")
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":limit", AttributeValue.fromN(Long.toString(limit)),
                            ":ttl", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond()))))));
            return true;
        } catch (ConditionalCheckFailedException full) {
            return false;
        }
    }

    @Override
    public long count(String tenant, String window) {
        Map<String, AttributeValue> item = TableClient.call(() -> db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(tenant, window)))).item();
        AttributeValue v = item == null ? null : item.get(COUNT);
        return v == null ? 0 : Long.parseLong(v.n());
    }

    private static Map<String, AttributeValue> key(String tenant, String window) {
        return Map.of(RefineryTable.PK, AttributeValue.fromS("T#" + tenant + "#QUOTA"), RefineryTable.SK, AttributeValue.fromS(window));
    }
}
