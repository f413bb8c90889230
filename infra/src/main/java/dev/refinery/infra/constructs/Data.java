package dev.refinery.infra.constructs;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/** The one table for sessions, versions, events, idempotency records and catalog items. */
public final class Data extends Construct {

  public static final String PARTITION_KEY = "pk";
  public static final String SORT_KEY = "sk";
  public static final String BY_SKU_INDEX = "bySku";
  public static final String BY_SKU_PARTITION_KEY = "gsi1pk";
  public static final String BY_SKU_SORT_KEY = "gsi1sk";
  /** A tenant's sessions newest first (the seller's list in the web app): the aws module's RefineryTable.GSI_BY_TENANT. */
  public static final String BY_TENANT_INDEX = "byTenant";
  public static final String BY_TENANT_PARTITION_KEY = "gsi2pk";
  public static final String BY_TENANT_SORT_KEY = "gsi2sk";
  public static final String TTL_ATTRIBUTE = "expiresAt";

  private final Table table;

  public Data(Construct scope, String id) {
    super(scope, id);
    table = Table.Builder.create(this, "Table")
        .partitionKey(Attribute.builder().name(PARTITION_KEY).type(AttributeType.STRING).build())
        .sortKey(Attribute.builder().name(SORT_KEY).type(AttributeType.STRING).build())
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
            .pointInTimeRecoveryEnabled(true)
            .build())
        // AWS-managed key: encryption at rest visible in CloudTrail, no key policy to maintain.
        .encryption(TableEncryption.AWS_MANAGED)
        .timeToLiveAttribute(TTL_ATTRIBUTE)
        .deletionProtection(true)
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
    table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
        .indexName(BY_SKU_INDEX)
        .partitionKey(Attribute.builder().name(BY_SKU_PARTITION_KEY).type(AttributeType.STRING).build())
        .sortKey(Attribute.builder().name(BY_SKU_SORT_KEY).type(AttributeType.STRING).build())
        .projectionType(ProjectionType.ALL)
        .build());
    table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
        .indexName(BY_TENANT_INDEX)
        .partitionKey(Attribute.builder().name(BY_TENANT_PARTITION_KEY).type(AttributeType.STRING).build())
        .sortKey(Attribute.builder().name(BY_TENANT_SORT_KEY).type(AttributeType.STRING).build())
        .projectionType(ProjectionType.ALL)
        .build());
  }

  public Table table() { return table; }
}
