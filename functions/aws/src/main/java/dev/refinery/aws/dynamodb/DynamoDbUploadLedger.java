package dev.refinery.aws.dynamodb;

import static dev.refinery.aws.dynamodb.TableClient.call;
import static dev.refinery.aws.dynamodb.TableClient.key;
import static dev.refinery.aws.dynamodb.TableClient.n;
import static dev.refinery.aws.dynamodb.TableClient.putIf;
import static dev.refinery.aws.dynamodb.TableClient.s;
import static dev.refinery.aws.dynamodb.TableClient.str;

import dev.refinery.application.ports.UploadLedger;
import dev.refinery.application.ports.UploadRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Start-once-per-upload records in the refinery table (layout: {@link RefineryTable}): item {@code T#{tenant}#U#{uploadId}},
 * written only if absent and removed by the table's TTL after {@code expiresAt}.
 */
public final class DynamoDbUploadLedger implements UploadLedger {
    private final TableClient table;

    public DynamoDbUploadLedger(DynamoDbClient db, String table) {
        this.table = new TableClient(db, table);
    }

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
            call(() -> table.db().putItem(b -> b.tableName(table.name()).item(m).conditionExpression("attribute_not_exists(pk)")));
            return new Claim(r, true);
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> cur = call(() -> table.db().getItem(b -> b.tableName(table.name()).consistentRead(true).key(k))).item();
            return new Claim(new UploadRecord(str(cur, "tenant"), str(cur, "uploadId"), str(cur, "bucket"), str(cur, "key"),
                    str(cur, "objectVersion"), str(cur, "sessionId"), str(cur, "executionName"), Instant.parse(str(cur, "createdAt")),
                    Instant.ofEpochSecond(Long.parseLong(cur.get(RefineryTable.TTL).n()))), false);
        }
    }
}
