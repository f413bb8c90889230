package dev.refinery.aws.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The table's shape, as infra declares it (partition key "pk", sort key "sk", GSI "bySku" on
 * gsi1pk/gsi1sk, GSI "byTenant" on gsi2pk/gsi2sk, TTL on "expiresAt"). Created here only for emulators and the local stack.
 * One table holds every item, one adapter per port writes its kind; every partition key starts with the tenant
 * ({@code T#tenant#...}), so no key built from one tenant's request can reach another tenant's items.
 *
 * <pre>
 * pk                          sk                      what
 * T#{t}#S#{session}           SESSION                 the session (revision = optimistic lock; gsi1 = bySku)    {@link DynamoDbSessionStore}
 * T#{t}#S#{session}           V#000007                version 7                                                  {@link DynamoDbSessionStore}
 * T#{t}#S#{session}           SLOT#r0-i1-lighting     which number a stage's slot got                            {@link DynamoDbSessionStore}
 * T#{t}#S#{session}           COUNTER                 last version number handed out                             {@link DynamoDbSessionStore}
 * T#{t}#S#{session}           E#{time}#{random}       a session event                                            {@link DynamoDbSessionEventLog}
 * T#{t}#U#{uploadId}          UPLOAD                  start-once-per-upload record (TTL expiresAt)               {@link DynamoDbUploadLedger}
 * T#{t}#CATALOG               SKU#{sku}               catalog item                                               {@link DynamoDbCatalogStore}
 * T#{t}#BRANDKIT              V#{version, 10 digits}  one version of the tenant's brand kit (never changed)     {@link DynamoDbBrandKits}
 * T#{t}#SPEND                 MONTH#{yyyy-MM}         AI spending of the month                                   {@link DynamoDbSpendTotals}
 * T#{t}#PATTERNS              C#{category}#{hash}     an approved feedback pattern                               {@link DynamoDbPatternLibrary}
 * T#{t}#QUOTA                 {window}                a rate window's counter (TTL expiresAt)                    {@link DynamoDbWindowCounters}
 * </pre>
 */
public final class RefineryTable {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String GSI_BY_SKU = "bySku";
    public static final String GSI1PK = "gsi1pk";
    public static final String GSI1SK = "gsi1sk";
    /** A tenant's sessions newest first (the web app's list): gsi2pk {@code T#{tenant}#SESSIONS}, gsi2sk created time and id. */
    public static final String GSI_BY_TENANT = "byTenant";
    public static final String GSI2PK = "gsi2pk";
    public static final String GSI2SK = "gsi2sk";
    public static final String TTL = "expiresAt";

    private RefineryTable() {
    }

    public static void create(DynamoDbClient db, String table) {
        db.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(GSI1PK).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(GSI1SK).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(GSI2PK).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(GSI2SK).attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(GSI_BY_SKU)
                        .keySchema(KeySchemaElement.builder().attributeName(GSI1PK).keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName(GSI1SK).keyType(KeyType.RANGE).build())
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build(),
                        GlobalSecondaryIndex.builder().indexName(GSI_BY_TENANT)
                        .keySchema(KeySchemaElement.builder().attributeName(GSI2PK).keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName(GSI2SK).keyType(KeyType.RANGE).build())
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
        db.waiter().waitUntilTableExists(b -> b.tableName(table));
        db.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.attributeName(TTL).enabled(true)));
    }
}
