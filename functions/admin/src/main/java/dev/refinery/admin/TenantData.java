package dev.refinery.admin;

import dev.refinery.application.Ids;
import dev.refinery.aws.dynamodb.RefineryTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Everything one tenant left in the stack, found and (when asked) deleted: every table item whose key starts with
 * {@code T#{tenant}#} (sessions, versions, slots, counters, events, upload records, catalog items, spend and quota
 * counters), and every version of every object under {@code uploads/{tenant}/} and {@code sessions/{tenant}/}, plus
 * the images of sessions written before keys named their tenant ({@code sessions/{session}/…}, found through the
 * tenant's version records). The bucket is versioned: deleting only the current versions would leave the photos
 * recoverable, so every version and delete marker goes.
 *
 * <p>It runs with the operator's credentials, never in a Lambda: no function role may delete anything.
 */
public final class TenantData {
    /** What was found (and removed): counts by kind, for the report. */
    public record Report(String tenant, boolean deleted, Map<String, Integer> tableItems, Map<String, Integer> objectVersions,
                         int legacyImageKeys) {
        public int total() {
            return tableItems.values().stream().mapToInt(Integer::intValue).sum() + objectVersions.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    private final String table;
    private final String bucket;

    public TenantData(DynamoDbClient dynamoDb, S3Client s3, String table, String bucket) {
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
        this.table = table;
        this.bucket = bucket;
    }

    /** Finds the tenant's data; deletes it when {@code delete} (otherwise a dry run that only reports). */
    public Report remove(String tenant, boolean delete) {
        if (!Ids.TENANT.matcher(tenant == null ? "" : tenant).matches()) {
            throw new IllegalArgumentException("'" + tenant + "' is not a tenant id (1-64 letters, digits, '-' or '_')");
        }
        // 1. the table: one scan (an operator's rare command; a per-tenant index would cost every write)
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Map<String, Integer> items = new TreeMap<>();
        TreeSet<String> legacy = new TreeSet<>();
        String prefix = "T#" + tenant + "#";
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder req = ScanRequest.builder().tableName(table)
                    .filterExpression("begins_with(#pk, :p)")
                    .expressionAttributeNames(Map.of("#pk", RefineryTable.PK))
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(prefix)));
            if (start != null) {
                req.exclusiveStartKey(start);
            }
            ScanResponse page = dynamoDb.scan(req.build());
            for (Map<String, AttributeValue> item : page.items()) {
                keys.add(Map.of(RefineryTable.PK, item.get(RefineryTable.PK), RefineryTable.SK, item.get(RefineryTable.SK)));
                items.merge(kind(item.get(RefineryTable.PK).s(), item.get(RefineryTable.SK).s()), 1, Integer::sum);
                for (String attr : List.of("imageKey", "maskKey")) {
                    AttributeValue v = item.get(attr);
                    if (v != null && v.s() != null && v.s().startsWith("sessions/") && !v.s().startsWith("sessions/" + tenant + "/")) {
                        legacy.add(v.s());
                    }
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);

        // 2. the bucket: every version and delete marker under the tenant's prefixes, and of its older sessions' keys
        Map<String, Integer> objects = new LinkedHashMap<>();
        List<ObjectIdentifier> doomed = new ArrayList<>();
        for (String p : List.of("uploads/" + tenant + "/", "sessions/" + tenant + "/")) {
            objects.put(p, versions(p, null, doomed));
        }
        int legacyVersions = 0;
        for (String key : legacy) {
            legacyVersions += versions(key, key, doomed);
        }
        objects.put("sessions/{session}/ (written before keys named the tenant)", legacyVersions);

        if (delete) {
            deleteObjects(doomed);
            deleteItems(keys);
        }
        return new Report(tenant, delete, items, objects, legacy.size());
    }

    /** Collects every version and delete marker under {@code prefix} (of exactly {@code exactKey} when given); returns how many. */
    private int versions(String prefix, String exactKey, List<ObjectIdentifier> into) {
        int n = 0;
        String keyMarker = null, versionMarker = null;
        while (true) {
            final String km = keyMarker, vm = versionMarker;
            ListObjectVersionsResponse page = s3.listObjectVersions(b -> b.bucket(bucket).prefix(prefix).keyMarker(km).versionIdMarker(vm));
            for (var v : page.versions()) {
                if (exactKey == null || exactKey.equals(v.key())) {
                    into.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build());
                    n++;
                }
            }
            for (var m : page.deleteMarkers()) {
                if (exactKey == null || exactKey.equals(m.key())) {
                    into.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build());
                    n++;
                }
            }
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return n;
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
    }

    private void deleteObjects(List<ObjectIdentifier> doomed) {
        for (int i = 0; i < doomed.size(); i += 1000) {
            List<ObjectIdentifier> batch = doomed.subList(i, Math.min(doomed.size(), i + 1000));
            DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true).build()));
            if (r.hasErrors() && !r.errors().isEmpty()) {
                throw new IllegalStateException("S3 refused to delete " + r.errors().size() + " objects, e.g. " + r.errors().get(0).key()
                        + ": " + r.errors().get(0).message() + " — nothing was deleted from the table; run the command again");
            }
        }
    }

    private void deleteItems(List<Map<String, AttributeValue>> keys) {
        for (int i = 0; i < keys.size(); i += 25) {
            List<WriteRequest> batch = new ArrayList<>();
            for (Map<String, AttributeValue> k : keys.subList(i, Math.min(keys.size(), i + 25))) {
                batch.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(k).build()).build());
            }
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            for (int attempt = 0; !pending.isEmpty() && !pending.getOrDefault(table, List.of()).isEmpty(); attempt++) {
                if (attempt == 8) {
                    throw new IllegalStateException("DynamoDB kept " + pending.get(table).size() + " deletions unprocessed: run the command again");
                }
                final Map<String, List<WriteRequest>> req = pending;
                BatchWriteItemResponse r = dynamoDb.batchWriteItem(b -> b.requestItems(req));
                pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
                if (!pending.isEmpty()) {
                    sleep(50L << attempt);
                }
            }
        }
    }

    /** The kind of a table item, named from its keys (the layout in RefineryTable's documentation). */
    static String kind(String pk, String sk) {
        String rest = pk.substring(pk.indexOf('#', 2) + 1);
        if (rest.startsWith("S#")) {
            if (sk.equals("SESSION")) return "sessions";
            if (sk.startsWith("V#")) return "versions";
            if (sk.startsWith("SLOT#")) return "version slots";
            if (sk.equals("COUNTER")) return "version counters";
            if (sk.startsWith("E#")) return "session events";
            return "other session items";
        }
        if (rest.startsWith("U#")) return "upload records";
        if (rest.equals("CATALOG")) return "catalog items";
        if (rest.equals("SPEND")) return "spend counters";
        if (rest.equals("QUOTA")) return "quota counters";
        return "other";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
