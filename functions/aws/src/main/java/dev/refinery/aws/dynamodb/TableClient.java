package dev.refinery.aws.dynamodb;

import static dev.refinery.aws.dynamodb.RefineryTable.PK;
import static dev.refinery.aws.dynamodb.RefineryTable.SK;

import dev.refinery.aws.SdkErrors;
import dev.refinery.domain.TransientRefineryException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * What the refinery table's adapters share: the one client and table name (built once at init), the key formats more
 * than one of them writes (a session's partition, the sortable timestamp), the DynamoDB error mapping and the
 * attribute codecs. Package-private: the adapters are the public face.
 */
record TableClient(DynamoDbClient db, String name) {
    /** Fixed width so that sort keys order like instants. */
    static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** A session's partition: the session, its versions, slots, counter and events. */
    static String sessionPk(String tenant, String sessionId) {
        return "T#" + tenant + "#S#" + sessionId;
    }

    /** Every page of a query, in order. */
    List<Map<String, AttributeValue>> query(QueryRequest first) {
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

    /** Runs a DynamoDB call, turning throttling and unreachable-service failures into retryable errors; conditions pass through. */
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

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static void putIf(Map<String, AttributeValue> m, String name, String v) {
        if (v != null) {
            m.put(name, s(v));
        }
    }

    static AttributeValue strings(Map<String, String> map) {
        Map<String, AttributeValue> m = new HashMap<>();
        map.forEach((k, v) -> m.put(k, s(v)));
        return AttributeValue.fromM(m);
    }

    static Map<String, String> stringMap(AttributeValue v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v != null && v.hasM()) {
            v.m().forEach((k, x) -> out.put(k, x.s()));
        }
        return out;
    }

    static String str(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null ? null : v.s();
    }

    static int integer(Map<String, AttributeValue> m, String name) {
        return Integer.parseInt(m.get(name).n());
    }

    static Instant instant(Map<String, AttributeValue> m, String name) {
        String v = str(m, name);
        return v == null ? null : Instant.parse(v);
    }
}
