package dev.refinery.aws.dynamodb;

import dev.refinery.domain.BrandKit;
import dev.refinery.domain.ConflictException;
import dev.refinery.domain.ImageFormat;
import dev.refinery.ports.BrandKits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The {@link BrandKits} in the refinery table: one item per version, {@code pk = T#{tenant}#BRANDKIT},
 * {@code sk = V#{version, 10 digits}}, never changed once written. The current version is one Query on the partition,
 * newest first, limit 1; a new version is a put on the condition that its key does not exist, so of two editors who
 * read the same version only the first one's change is kept (the other gets a conflict).
 */
public final class DynamoDbBrandKits implements BrandKits {
    static final String BACKGROUND = "background", MARGIN = "margin", CANVAS = "canvas", FORMAT = "format", SHADOW = "shadow",
            AUTO_EXPORT = "autoExport", UPDATED = "updatedAt", VERSION = "version", PIXELS_PER_CM = "pixelsPerCm", FILE_NAMING = "fileNaming";

    private final DynamoDbClient db;
    private final String table;

    public DynamoDbBrandKits(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public Optional<BrandKit> current(String tenant) {
        QueryResponse r = TableClient.call(() -> db.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression(RefineryTable.PK + " = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk(tenant))))
                .scanIndexForward(false).limit(1)));
        return r.items().stream().findFirst().map(i -> kit(tenant, i));
    }

    @Override
    public Optional<BrandKit> version(String tenant, int version) {
        Map<String, AttributeValue> item = TableClient.call(() -> db.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(RefineryTable.PK, AttributeValue.fromS(pk(tenant)), RefineryTable.SK, AttributeValue.fromS(sk(version)))))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(kit(tenant, item));
    }

    @Override
    public BrandKit add(BrandKit kit) {
        int current = current(kit.tenant()).map(BrandKit::version).orElse(0);
        if (kit.version() != current + 1) {
            throw new ConflictException("Brand kit version " + kit.version() + " of tenant " + kit.tenant() + " cannot follow version " + current);
        }
        try {
            TableClient.call(() -> db.putItem(b -> b.tableName(table).conditionExpression("attribute_not_exists(" + RefineryTable.PK + ")")
                    .item(Map.ofEntries(
                            Map.entry(RefineryTable.PK, AttributeValue.fromS(pk(kit.tenant()))),
                            Map.entry(RefineryTable.SK, AttributeValue.fromS(sk(kit.version()))),
                            Map.entry(VERSION, AttributeValue.fromN(Integer.toString(kit.version()))),
                            Map.entry(BACKGROUND, AttributeValue.fromN(Integer.toString(kit.background()))),
                            Map.entry(MARGIN, AttributeValue.fromN(Double.toString(kit.margin()))),
                            Map.entry(CANVAS, AttributeValue.fromN(Integer.toString(kit.canvas()))),
                            Map.entry(FORMAT, AttributeValue.fromS(kit.format().name())),
                            Map.entry(SHADOW, AttributeValue.fromBool(kit.shadow())),
                            Map.entry(AUTO_EXPORT, AttributeValue.fromBool(kit.autoExport())),
                            Map.entry(PIXELS_PER_CM, AttributeValue.fromN(Double.toString(kit.pixelsPerCm()))),
                            Map.entry(FILE_NAMING, AttributeValue.fromS(kit.fileNaming())),
                            Map.entry(UPDATED, AttributeValue.fromS(kit.updatedAt().toString()))))));
        } catch (ConditionalCheckFailedException e) {
            throw new ConflictException("Brand kit version " + kit.version() + " of tenant " + kit.tenant() + " was written by another request");
        }
        return kit;
    }

    @Override
    public List<BrandKit> history(String tenant) {
        List<BrandKit> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = TableClient.call(() -> db.query(b -> b.tableName(table)
                    .keyConditionExpression(RefineryTable.PK + " = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk(tenant))))
                    .scanIndexForward(false).exclusiveStartKey(from)));
            r.items().forEach(i -> out.add(kit(tenant, i)));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return List.copyOf(out);
    }

    private static BrandKit kit(String tenant, Map<String, AttributeValue> i) {
        return new BrandKit(tenant, Integer.parseInt(i.get(VERSION).n()), Integer.parseInt(i.get(BACKGROUND).n()), Double.parseDouble(i.get(MARGIN).n()),
                Integer.parseInt(i.get(CANVAS).n()), ImageFormat.valueOf(i.get(FORMAT).s()), i.get(SHADOW).bool(), i.get(AUTO_EXPORT).bool(),
                i.containsKey(PIXELS_PER_CM) ? Double.parseDouble(i.get(PIXELS_PER_CM).n()) : 0, Instant.parse(i.get(UPDATED).s()),
                i.containsKey(FILE_NAMING) ? i.get(FILE_NAMING).s() : BrandKit.DEFAULT_FILE_NAMING);
    }

    private static String pk(String tenant) {
        return "T#" + tenant + "#BRANDKIT";
    }

    private static String sk(int version) {
        return String.format(Locale.ROOT, "V#%010d", version);
    }
}
