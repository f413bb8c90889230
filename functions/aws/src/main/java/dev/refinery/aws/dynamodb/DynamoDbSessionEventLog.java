package dev.refinery.aws.dynamodb;

import static dev.refinery.aws.dynamodb.RefineryTable.PK;
import static dev.refinery.aws.dynamodb.RefineryTable.SK;
import static dev.refinery.aws.dynamodb.TableClient.SORTABLE;
import static dev.refinery.aws.dynamodb.TableClient.call;
import static dev.refinery.aws.dynamodb.TableClient.s;
import static dev.refinery.aws.dynamodb.TableClient.sessionPk;
import static dev.refinery.aws.dynamodb.TableClient.str;
import static dev.refinery.aws.dynamodb.TableClient.stringMap;
import static dev.refinery.aws.dynamodb.TableClient.strings;

import dev.refinery.application.ports.SessionEvent;
import dev.refinery.application.ports.SessionEventLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * A session's events in the refinery table (layout: {@link RefineryTable}): in the session's partition, sort key
 * {@code E#{time}#{random}}, so a query of the partition returns them oldest first.
 */
public final class DynamoDbSessionEventLog implements SessionEventLog {
    private final TableClient table;

    public DynamoDbSessionEventLog(DynamoDbClient db, String table) {
        this.table = new TableClient(db, table);
    }

    @Override
    public void append(SessionEvent e) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(PK, s(sessionPk(e.tenant(), e.sessionId())));
        m.put(SK, s("E#" + SORTABLE.format(e.at()) + "#" + UUID.randomUUID().toString().substring(0, 8)));
        m.put("type", s("event"));
        m.put("eventType", s(e.type()));
        m.put("at", s(e.at().toString()));
        m.put("detail", strings(e.detail()));
        call(() -> table.db().putItem(b -> b.tableName(table.name()).item(m)));
    }

    @Override
    public List<SessionEvent> events(String tenant, String sessionId) {
        List<SessionEvent> out = new ArrayList<>();
        for (Map<String, AttributeValue> m : table.query(QueryRequest.builder().tableName(table.name()).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :e)")
                .expressionAttributeValues(Map.of(":pk", s(sessionPk(tenant, sessionId)), ":e", s("E#"))).build())) {
            out.add(new SessionEvent(tenant, sessionId, Instant.parse(str(m, "at")), str(m, "eventType"), stringMap(m.get("detail"))));
        }
        return out;
    }
}
