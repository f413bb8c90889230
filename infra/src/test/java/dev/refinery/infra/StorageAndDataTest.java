package dev.refinery.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class StorageAndDataTest {

  static Template template;
  static Tpl tpl;

  @BeforeAll
  static void synth() {
    template = TestStacks.defaultStack().template();
    tpl = new Tpl(template);
  }

  static String imagesBucketId() {
    return tpl.ofType("AWS::S3::Bucket").keySet().stream().filter(id -> id.startsWith("StorageImages"))
        .findFirst().orElseThrow();
  }

  @Test
  void everyBucketIsPrivateEncryptedAndTlsOnly() {
    // images, their access logs, the web app's site and CloudFront's logs
    template.resourceCountIs("AWS::S3::Bucket", 4);
    template.allResourcesProperties("AWS::S3::Bucket", Map.of(
        "PublicAccessBlockConfiguration", Map.of(
            "BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
        "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
            "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256"))))));
    // enforceSSL: each bucket policy denies requests without TLS.
    template.resourceCountIs("AWS::S3::BucketPolicy", 4);
    template.allResourcesProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Match.objectLike(Map.of(
        "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
            "Effect", "Deny",
            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
  }

  @Test
  void imagesBucketIsVersionedLoggedWithCorsAndTagLifecycle() {
    JsonNode props = tpl.resource(imagesBucketId()).path("Properties");
    assertThat(props.path("VersioningConfiguration").path("Status").asText()).isEqualTo("Enabled");
    assertThat(props.path("LoggingConfiguration").path("DestinationBucketName").path("Ref").asText())
        .startsWith("StorageAccessLogs");
    JsonNode cors = props.path("CorsConfiguration").path("CorsRules").get(0);
    assertThat(Tpl.strings(cors.path("AllowedMethods"))).contains("POST", "GET");
    assertThat(Tpl.strings(cors.path("AllowedOrigins"))).containsExactly("http://localhost:5173");

    JsonNode intermediate = lifecycleRule(props, "expire-intermediate-versions");
    assertThat(intermediate).as("intermediate lifecycle rule").isNotNull();
    assertThat(intermediate.path("ExpirationInDays").asInt()).isEqualTo(30);
    assertThat(intermediate.path("TagFilters").get(0).path("Key").asText()).isEqualTo("kind");
    assertThat(intermediate.path("TagFilters").get(0).path("Value").asText()).isEqualTo("intermediate");
    assertThat(intermediate.path("Prefix").isMissingNode()).as("the rule keys on the tag, not a prefix").isTrue();
    JsonNode rejected = lifecycleRule(props, "expire-rejected-uploads");
    assertThat(rejected).as("refused uploads expire (issue 13), under uploads/ and tagged only").isNotNull();
    assertThat(rejected.path("Prefix").asText()).isEqualTo("uploads/");
    assertThat(rejected.path("TagFilters").get(0).path("Value").asText()).isEqualTo("rejected");
    // no rule expires what a seller keeps
    for (JsonNode rule : props.path("LifecycleConfiguration").path("Rules")) {
      for (JsonNode tag : rule.path("TagFilters")) {
        assertThat(tag.path("Value").asText()).as(rule.toString()).isIn("intermediate", "rejected");
      }
    }
    // No rule may expire current objects without the tag filter: originals and finals are kept. The exceptions are
    // the previews' and bundles' prefixes: copies the API makes again on request.
    for (JsonNode rule : props.path("LifecycleConfiguration").path("Rules")) {
      if (rule.has("ExpirationInDays") && !Set.of("expire-previews", "expire-bundles").contains(rule.path("Id").asText())) {
        assertThat(rule.path("TagFilters").isArray()).as(rule.toString()).isTrue();
      }
    }
    JsonNode previews = lifecycleRule(props, "expire-previews");
    assertThat(previews).as("previews expire").isNotNull();
    assertThat(previews.path("Prefix").asText()).isEqualTo("previews/");
    assertThat(previews.path("ExpirationInDays").asInt()).isEqualTo(30);
    JsonNode bundles = lifecycleRule(props, "expire-bundles");
    assertThat(bundles).as("bundles expire").isNotNull();
    assertThat(bundles.path("Prefix").asText()).isEqualTo("bundles/");
    assertThat(bundles.path("ExpirationInDays").asInt()).isEqualTo(7);
  }

  /** The images bucket's lifecycle rule with this id, or null. */
  private static JsonNode lifecycleRule(JsonNode bucketProps, String id) {
    for (JsonNode rule : bucketProps.path("LifecycleConfiguration").path("Rules")) {
      if (id.equals(rule.path("Id").asText())) {
        return rule;
      }
    }
    return null;
  }

  @Test
  void uploadsUnderThePrefixNotifyTheTriggerAlias() {
    String triggerAlias = tpl.aliasOf(tpl.refineryFunctionIdsByHandler()
        .get("dev.refinery.aws.handlers.UploadTriggerHandler::handleRequest"));
    template.hasResourceProperties("Custom::S3BucketNotifications", Map.of(
        "BucketName", Map.of("Ref", imagesBucketId()),
        "NotificationConfiguration", Map.of("LambdaFunctionConfigurations", List.of(Map.of(
            "Events", List.of("s3:ObjectCreated:*"),
            "Filter", Map.of("Key", Map.of("FilterRules", List.of(Map.of("Name", "prefix", "Value", "uploads/")))),
            "LambdaFunctionArn", Map.of("Ref", triggerAlias)), Map.of(
            // images the intermediates' lifecycle rule deleted: their versions are marked imageExpired
            "Events", List.of("s3:LifecycleExpiration:*"),
            "Filter", Map.of("Key", Map.of("FilterRules", List.of(Map.of("Name", "prefix", "Value", "sessions/")))),
            "LambdaFunctionArn", Map.of("Ref", triggerAlias))))));
    template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
        "FunctionName", Map.of("Ref", triggerAlias),
        "Principal", "s3.amazonaws.com",
        "SourceAccount", Map.of("Ref", "AWS::AccountId")));
  }

  @Test
  void tableMatchesTheContract() {
    template.resourceCountIs("AWS::DynamoDB::Table", 1);
    template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
        "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH"), Map.of("AttributeName", "sk", "KeyType", "RANGE")),
        "BillingMode", "PAY_PER_REQUEST",
        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
        "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
        "SSESpecification", Map.of("SSEEnabled", true),
        "GlobalSecondaryIndexes", List.of(Map.of(
            "IndexName", "bySku",
            "KeySchema", List.of(Map.of("AttributeName", "gsi1pk", "KeyType", "HASH"),
                Map.of("AttributeName", "gsi1sk", "KeyType", "RANGE")),
            "Projection", Map.of("ProjectionType", "ALL")), Map.of(
            // the tenant-wide session list, newest first (the aws module's RefineryTable.GSI_BY_TENANT)
            "IndexName", "byTenant",
            "KeySchema", List.of(Map.of("AttributeName", "gsi2pk", "KeyType", "HASH"),
                Map.of("AttributeName", "gsi2sk", "KeyType", "RANGE")),
            "Projection", Map.of("ProjectionType", "ALL")))));
    template.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Retain"));
  }

  @Test
  void openAiSecretIsCreatedWithoutAValue() {
    template.resourceCountIs("AWS::SecretsManager::Secret", 1);
    JsonNode secret = tpl.ofType("AWS::SecretsManager::Secret").values().iterator().next().path("Properties");
    assertThat(secret.has("SecretString")).isFalse();
    assertThat(secret.has("GenerateSecretString")).isFalse();
  }
}
