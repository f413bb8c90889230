package dev.refinery.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ApiTest {

  static Template template;
  static Tpl tpl;

  @BeforeAll
  static void synth() {
    template = TestStacks.defaultStack().template();
    tpl = new Tpl(template);
  }

  @Test
  void cognitoAuthorizerGuardsEveryNonPreflightMethod() {
    Map<String, JsonNode> authorizers = tpl.ofType("AWS::ApiGateway::Authorizer");
    assertThat(authorizers).hasSize(1);
    String authorizerId = authorizers.keySet().iterator().next();
    JsonNode authorizer = authorizers.get(authorizerId).path("Properties");
    assertThat(authorizer.path("Type").asText()).isEqualTo("COGNITO_USER_POOLS");
    assertThat(authorizer.path("IdentitySource").asText()).isEqualTo("method.request.header.Authorization");
    assertThat(authorizer.path("ProviderARNs").get(0).path("Fn::GetAtt").get(0).asText()).startsWith("ApiSellers");

    String apiAlias = tpl.aliasOf(tpl.refineryFunctionIdsByHandler().get("dev.refinery.aws.handlers.ApiHandler::handleRequest"));
    int guarded = 0;
    for (JsonNode method : tpl.ofType("AWS::ApiGateway::Method").values()) {
      JsonNode p = method.path("Properties");
      if ("OPTIONS".equals(p.path("HttpMethod").asText())) {
        assertThat(p.path("AuthorizationType").asText()).isEqualTo("NONE");
        assertThat(p.path("Integration").path("Type").asText()).isEqualTo("MOCK");
        continue;
      }
      guarded++;
      assertThat(p.path("AuthorizationType").asText()).isEqualTo("COGNITO_USER_POOLS");
      assertThat(p.path("AuthorizerId").path("Ref").asText()).isEqualTo(authorizerId);
      assertThat(p.path("RequestValidatorId").path("Ref").asText()).isNotEmpty();
      assertThat(p.path("RequestParameters").path("method.request.header.Authorization").asBoolean()).isTrue();
      assertThat(p.path("Integration").path("Type").asText()).isEqualTo("AWS_PROXY");
      assertThat(p.path("Integration").path("Uri").toString()).contains("\"Ref\":\"" + apiAlias + "\"");
    }
    assertThat(guarded).isPositive();
  }

  @Test
  void tenantIsAnImmutableAttributeUsersCannotWrite() {
    template.hasResourceProperties("AWS::Cognito::UserPool", Map.of(
        "Schema", Match.arrayWith(List.of(Map.of(
            "AttributeDataType", "String", "Name", "tenant", "Mutable", false,
            "StringAttributeConstraints", Map.of("MinLength", "1", "MaxLength", "64")))),
        "AdminCreateUserConfig", Map.of("AllowAdminCreateUserOnly", true),
        "MfaConfiguration", "ON"));
    JsonNode client = tpl.ofType("AWS::Cognito::UserPoolClient").values().iterator().next().path("Properties");
    assertThat(Tpl.strings(client.path("ReadAttributes"))).contains("custom:tenant");
    assertThat(Tpl.strings(client.path("WriteAttributes"))).doesNotContain("custom:tenant");
  }

  @Test
  void theWebClientSignsInWithTheCodeGrantOnlyAndRedirectsOnlyToConfiguredUrls() {
    JsonNode client = tpl.ofType("AWS::Cognito::UserPoolClient").values().iterator().next().path("Properties");
    assertThat(Tpl.strings(client.path("AllowedOAuthFlows"))).containsExactly("code");
    assertThat(Tpl.strings(client.path("CallbackURLs"))).containsExactly("http://localhost:5173/");
    assertThat(Tpl.strings(client.path("LogoutURLs"))).containsExactly("http://localhost:5173/");
    assertThat(client.toString()).doesNotContain("example.com").doesNotContain("implicit");
  }

  @Test
  void validatorChecksParametersAndBodies() {
    template.hasResourceProperties("AWS::ApiGateway::RequestValidator", Map.of(
        "ValidateRequestBody", true, "ValidateRequestParameters", true));
  }

  @Test
  void stageIsThrottledTracedAndAccessLogged() {
    template.hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
        "StageName", "v1",
        "TracingEnabled", true,
        "AccessLogSetting", Match.objectLike(Map.of("DestinationArn", Match.anyValue(), "Format", Match.anyValue())),
        "MethodSettings", Match.arrayWith(List.of(Match.objectLike(Map.of(
            "ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100, "DataTraceEnabled", false,
            "LoggingLevel", "ERROR", "MetricsEnabled", true))))));
    template.hasResourceProperties("AWS::ApiGateway::UsagePlan", Map.of(
        "Throttle", Map.of("RateLimit", 50, "BurstLimit", 100),
        "Quota", Map.of("Limit", 100000, "Period", "DAY"),
        "ApiStages", Match.arrayWith(List.of(Match.objectLike(Map.of("ApiId", Match.anyValue()))))));
  }
}
