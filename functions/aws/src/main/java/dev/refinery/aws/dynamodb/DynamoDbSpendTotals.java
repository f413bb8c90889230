package dev.refinery.aws.dynamodb;

import dev.refinery.ports.SpendTotals;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Each tenant's AI spending per calendar month (UTC) in the refinery table, shared by every stage
 * function's container: item {@code pk = T#{tenant}#SPEND}, {@code sk = MONTH#2026-11}, attribute
 * {@code spentUsd} grown by an atomic {@code ADD}, so concurrent containers never lose a cost. The
 * partition key starts with the tenant like every other item of the table.
 */
public final class DynamoDbSpendTotals implements SpendTotals {
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
    static final String SPENT = "spentUsd";

    private final DynamoDbClient db;
    private final String table;
    private final Clock clock;

    public DynamoDbSpendTotals(DynamoDbClient db, String table, Clock clock) {
        this.db = db;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public void add(String tenant, double usd) {
        if (!(usd >= 0)) {
            throw new IllegalArgumentException("a cost must be >= 0, got " + usd);
        }
        TableClient.call(() -> db.updateItem(b -> b.tableName(table).key(key(tenant))
                .updateExpression("ADD " + SPENT + " :c")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromN(java.math.BigDecimal.valueOf(usd).toPlainString())))));
    }

    @Override
    public double spent(String tenant) {
        Map<String, AttributeValue> item = TableClient.call(() -> db.getItem(b -> b.tableName(table).consistentRead(true).key(key(tenant)))).item();
        AttributeValue v = item == null ? null : item.get(SPENT);
        return v == null ? 0 : Double.parseDouble(v.n());
    }

    private Map<String, AttributeValue> key(String tenant) {
        return Map.of(RefineryTable.PK, AttributeValue.fromS("T#" + tenant + "#SPEND"),
                RefineryTable.SK, AttributeValue.fromS("MONTH#" + MONTH.format(clock.instant())));
    }
}
