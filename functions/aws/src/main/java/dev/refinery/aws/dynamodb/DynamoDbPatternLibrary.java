package dev.refinery.aws.dynamodb;

import dev.refinery.application.ports.PatternLibrary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The {@link PatternLibrary} in the refinery table: item {@code pk = T#{tenant}#PATTERNS},
 * {@code sk = C#{category}#{sha256(words)[:16]}}, its count grown by an atomic {@code ADD} (concurrent approvals are
 * never lost), the words kept as first written ({@code if_not_exists}) and the latest plan's operations. A category's
 * patterns are one Query on the partition with the category's prefix.
 */
public final class DynamoDbPatternLibrary implements PatternLibrary {
    static final String FEEDBACK = "feedback", OPERATIONS = "operations", APPROVALS = "approvals", LAST = "lastApprovedAt";

    private final software.amazon.awssdk.services.dynamodb.DynamoDbClient db;
    private final String table;

    public DynamoDbPatternLibrary(software.amazon.awssdk.services.dynamodb.DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public void approved(String tenant, String category, String feedback, List<String> operations, Instant at) {
        Map<String, AttributeValue> key = Map.of(
                RefineryTable.PK, AttributeValue.fromS(pk(tenant)),
                RefineryTable.SK, AttributeValue.fromS(prefix(category) + hash(PatternLibrary.normalise(feedback))));
        TableClient.call(() -> db.updateItem(b -> b.tableName(table).key(key)
                .updateExpression("ADD " + APPROVALS + " :one SET " + FEEDBACK + " = if_not_exists(" + FEEDBACK + ", :f), "
                        + OPERATIONS + " = :ops, " + LAST + " = :at")
                .expressionAttributeValues(Map.of(
                        ":one", AttributeValue.fromN("1"),
                        ":f", AttributeValue.fromS(feedback),
                        ":ops", AttributeValue.fromS(String.join(",", operations)),
                        ":at", AttributeValue.fromS(at.toString())))));
    }

    @Override
    public List<Pattern> top(String tenant, String category, int limit) {
        List<Pattern> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = TableClient.call(() -> db.query(b -> b.tableName(table)
                    .keyConditionExpression(RefineryTable.PK + " = :pk AND begins_with(" + RefineryTable.SK + ", :c)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk(tenant)), ":c", AttributeValue.fromS(prefix(category))))
                    .exclusiveStartKey(from)));
            for (Map<String, AttributeValue> item : r.items()) {
                String ops = item.get(OPERATIONS).s();
                out.add(new Pattern(item.get(FEEDBACK).s(), ops.isEmpty() ? List.of() : List.of(ops.split(",")),
                        Long.parseLong(item.get(APPROVALS).n()), Instant.parse(item.get(LAST).s())));
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        out.sort(Pattern.MOST_APPROVED);
        return List.copyOf(out.subList(0, Math.min(limit, out.size())));
    }

    private static String pk(String tenant) {
        return "T#" + tenant + "#PATTERNS";
    }

    private static String prefix(String category) {
        return "C#" + (category == null ? "" : category) + "#";
    }

    private static String hash(String words) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(words.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
