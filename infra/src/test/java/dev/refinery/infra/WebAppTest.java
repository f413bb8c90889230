package dev.refinery.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.infra.constructs.WebApp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The web app's delivery: CloudFront in front of a private bucket and the API, its headers, sign-in and deployment. */
class WebAppTest {

  static Template template;
  static Tpl tpl;

  @BeforeAll
  static void synth() {
    template = TestStacks.defaultStack().template();
    tpl = new Tpl(template);
  }

  private static JsonNode distributionConfig() {
    Map<String, JsonNode> d = tpl.ofType("AWS::CloudFront::Distribution");
    assertThat(d).hasSize(1);
    return d.values().iterator().next().path("Properties").path("DistributionConfig");
  }

  @Test
  void theAppComesFromAPrivateBucketThroughOriginAccessControlOverHttpsOnly() {
    JsonNode c = distributionConfig();
    assertThat(c.path("DefaultRootObject").asText()).isEqualTo("index.html");
    assertThat(c.path("DefaultCacheBehavior").path("ViewerProtocolPolicy").asText()).isEqualTo("redirect-to-https");
    JsonNode s3Origin = null;
    for (JsonNode o : c.path("Origins")) {
      if (o.has("S3OriginConfig")) {
        s3Origin = o;
      }
    }
    assertThat(s3Origin).as("an S3 origin").isNotNull();
    assertThat(s3Origin.path("OriginAccessControlId").isMissingNode()).as("origin access control").isFalse();
    assertThat(s3Origin.path("S3OriginConfig").path("OriginAccessIdentity").asText()).isEmpty();
    assertThat(tpl.ofType("AWS::CloudFront::OriginAccessControl")).hasSize(1);
    // the site bucket: no public access, TLS only, read by this distribution alone
    template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
        "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
            "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
        "LoggingConfiguration", Match.objectLike(Map.of("LogFilePrefix", "site/")))));
    String policies = tpl.ofType("AWS::S3::BucketPolicy").toString();
    assertThat(policies).contains("cloudfront.amazonaws.com").contains("AWS:SourceArn");
    assertThat(c.path("Logging").path("Prefix").asText()).isEqualTo("cdn/");
  }

  @Test
  void theApiIsUnderApiWithThePrefixTakenOffAndNothingCached() {
    JsonNode c = distributionConfig();
    JsonNode api = null;
    for (JsonNode b : c.path("CacheBehaviors")) {
      if (WebApp.API_PATH.equals(b.path("PathPattern").asText())) {
        api = b;
      }
    }
    assertThat(api).as("the /api/* behaviour").isNotNull();
    assertThat(api.path("AllowedMethods")).hasSize(7);
    assertThat(api.path("ViewerProtocolPolicy").asText()).isEqualTo("https-only");
    // CachingDisabled and AllViewerExceptHostHeader, AWS's managed policies
    assertThat(api.path("CachePolicyId").asText()).isEqualTo("4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
    assertThat(api.path("OriginRequestPolicyId").asText()).isEqualTo("b689b0a8-53d0-40ab-baf2-68738e2966ac");
    assertThat(api.path("FunctionAssociations").get(0).path("EventType").asText()).isEqualTo("viewer-request");
    JsonNode fn = tpl.ofType("AWS::CloudFront::Function").values().iterator().next().path("Properties");
    assertThat(fn.path("FunctionCode").asText()).contains("request.uri.substring(4)");
    // the API Gateway origin: the REST API's own host, its stage as the origin path
    String origins = c.path("Origins").toString();
    assertThat(origins).contains("\"OriginPath\":{\"Fn::Join\":[\"\",[\"/\"").contains("ApiRestApi").contains(".execute-api.");
  }

  @Test
  void everyAnswerCarriesTheSecurityHeadersAndTheCspAllowsExactlyAppImagesAndSignIn() {
    JsonNode p = tpl.ofType("AWS::CloudFront::ResponseHeadersPolicy").values().iterator().next()
        .path("Properties").path("ResponseHeadersPolicyConfig").path("SecurityHeadersConfig");
    String csp = p.path("ContentSecurityPolicy").path("ContentSecurityPolicy").toString();
    assertThat(csp).doesNotContain("*", "unsafe-inline", "unsafe-eval");
    // every directive, in full: the tokens CloudFormation resolves at deploy time written as ${...}
    assertThat(resolvedText(p.path("ContentSecurityPolicy").path("ContentSecurityPolicy")).split("; ")).containsExactly(
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' https://${StorageImages.RegionalDomainName}",
        "connect-src 'self' https://${StorageImages.RegionalDomainName} " + SIGN_IN,
        "form-action 'self' " + SIGN_IN,
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'");
    assertThat(p.path("StrictTransportSecurity").path("AccessControlMaxAgeSec").asInt()).isEqualTo(31_536_000);
    assertThat(p.path("FrameOptions").path("FrameOption").asText()).isEqualTo("DENY");
    assertThat(p.path("ContentTypeOptions").path("Override").asBoolean()).isTrue();
    JsonNode c = distributionConfig();
    String policy = c.path("DefaultCacheBehavior").path("ResponseHeadersPolicyId").toString();
    for (JsonNode b : c.path("CacheBehaviors")) {
      assertThat(b.path("ResponseHeadersPolicyId").toString()).isEqualTo(policy);
    }
  }

  @Test
  void signInIsTheHostedUiOnTheAccountsOwnDomainAndTheAppIsDeployedWithItsSettings() {
    template.hasResourceProperties("AWS::Cognito::UserPoolDomain", Map.of(
        "Domain", Map.of("Fn::Join", List.of("-", List.of("refinery", Map.of("Ref", "AWS::AccountId"))))));
    template.hasResourceProperties("AWS::Cognito::UserPoolClient", Match.objectLike(Map.of(
        "AllowedOAuthFlows", List.of("code"),
        "GenerateSecret", false)));
    Map<String, JsonNode> deployments = tpl.ofType("Custom::CDKBucketDeployment");
    assertThat(deployments).hasSize(2);
    JsonNode entry = deployments.entrySet().stream().filter(e -> e.getKey().startsWith("WebAppDeployEntry")).findFirst().orElseThrow()
        .getValue().path("Properties");
    assertThat(entry.path("SourceMarkers").toString()).contains("ApiSellersWebClient").contains("amazoncognito.com");
    assertThat(entry.path("SystemMetadata").path("cache-control").asText()).isEqualTo("no-cache");
    assertThat(entry.path("Prune").asBoolean(true)).isFalse();
    JsonNode assets = deployments.entrySet().stream().filter(e -> e.getKey().startsWith("WebAppDeployAssets")).findFirst().orElseThrow()
        .getValue().path("Properties");
    assertThat(assets.path("SystemMetadata").path("cache-control").asText()).contains("max-age=31536000", "immutable");
    // no invalidation: the handler gets no CloudFront rights
    assertThat(entry.has("DistributionId")).isFalse();
    assertThat(tpl.ofType("AWS::IAM::Policy").toString()).doesNotContain("cloudfront:CreateInvalidation");
  }

  /** The sign-in domain's base URL as the template builds it: the user pool domain's name (the Api construct's pool), then Cognito's. */
  private static final String SIGN_IN = "https://${ApiSellersSignIn}.auth.${AWS::Region}.amazoncognito.com";

  /**
   * A template string with its intrinsic functions written out: Fn::Join joined, a Ref as ${Name} and a GetAtt as
   * ${Resource.Attribute}, the resource's generated suffix dropped.
   */
  private static String resolvedText(JsonNode node) {
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.has("Fn::Join")) {
      JsonNode join = node.get("Fn::Join");
      StringBuilder out = new StringBuilder();
      for (JsonNode part : join.get(1)) {
        out.append(out.isEmpty() ? "" : join.get(0).asText()).append(resolvedText(part));
      }
      return out.toString();
    }
    if (node.has("Ref")) {
      return "${" + withoutSuffix(node.get("Ref").asText()) + "}";
    }
    if (node.has("Fn::GetAtt")) {
      return "${" + withoutSuffix(node.get("Fn::GetAtt").get(0).asText()) + "." + node.get("Fn::GetAtt").get(1).asText() + "}";
    }
    throw new AssertionError("an intrinsic function the CSP should not need: " + node);
  }

  /** A logical id without the 8 hex digits CDK appends (StorageImagesABCD1234 -> StorageImages). */
  private static String withoutSuffix(String logicalId) {
    return logicalId.replaceFirst("[0-9A-F]{8}$", "");
  }
}
