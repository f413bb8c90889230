package dev.refinery.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationTest {

  static RefineryConfig config(Map<String, String> values) {
    Map<String, String> all = new HashMap<>(values);
    all.putIfAbsent("repoRoot", TestStacks.repoRoot().toString());
    return RefineryConfig.from(all::get);
  }

  @Test
  void defaultsPointAtTheContractPaths() {
    RefineryConfig c = config(Map.of());
    Path root = TestStacks.repoRoot();
    assertThat(c.stagesJar()).isEqualTo(root.resolve("functions/lambda-stages/target/refinery-lambda-stages.jar"));
    assertThat(c.controlJar()).isEqualTo(root.resolve("functions/lambda-control/target/refinery-lambda-control.jar"));
    assertThat(c.aslFile()).isEqualTo(root.resolve("functions/workflow/src/main/resources/statemachine/refinery.asl.json"));
    assertThat(c.intermediateExpirationDays()).isEqualTo(30);
    assertThat(c.maxFixups()).isEqualTo(2);
    assertThat(c.defaultEngine()).isEqualTo("classic");
  }

  @Test
  void relativePathsResolveAgainstTheRepoRoot() {
    RefineryConfig c = config(Map.of("stagesJar", "some/dir/x.jar"));
    assertThat(c.stagesJar()).isEqualTo(TestStacks.repoRoot().resolve("some/dir/x.jar"));
  }

  @Test
  void badValuesAreRefusedWithTheKeyName() {
    assertThatThrownBy(() -> config(Map.of("intermediateExpirationDays", "0")))
        .hasMessageContaining("refinery:intermediateExpirationDays");
    assertThatThrownBy(() -> config(Map.of("intermediateExpirationDays", "thirty")))
        .hasMessageContaining("must be an integer");
    assertThatThrownBy(() -> config(Map.of("refreshSchedule", "every day")))
        .hasMessageContaining("rate(...) or cron(...)");
    assertThatThrownBy(() -> config(Map.of("corsOrigins", "*")))
        .hasMessageContaining("'*' is refused");
    assertThatThrownBy(() -> config(Map.of("callbackUrls", "https://example.com")))
        .hasMessageContaining("refinery:callbackUrls");
    assertThatThrownBy(() -> config(Map.of("logoutUrls", "http://shop.test/")))
        .hasMessageContaining("https URLs of the web app");
    assertThat(config(Map.of("callbackUrls", "https://app.refinery.test/callback")).callbackUrls())
        .containsExactly("https://app.refinery.test/callback");
    assertThatThrownBy(() -> config(Map.of("logRetentionDays", "31")))
        .hasMessageContaining("retention value");
    assertThatThrownBy(() -> config(Map.of("systemLogLevel", "ERROR")))
        .hasMessageContaining("refinery:systemLogLevel must be WARN, INFO or DEBUG");
    assertThat(config(Map.of()).systemLogLevel()).isEqualTo("WARN");
    assertThat(config(Map.of("systemLogLevel", "info")).systemLogLevel()).isEqualTo("INFO");
    assertThatThrownBy(() -> config(Map.of("engine", "openai")))
        .hasMessageContaining("must be one of refinery:engines [classic]");
    assertThatThrownBy(() -> config(Map.of("needsReviewRatePercent", "0")))
        .hasMessageContaining("needsReviewRatePercent");
    assertThatThrownBy(() -> config(Map.of("aiSpendCapUsd", "25 dollars")))
        .hasMessageContaining("refinery:aiSpendCapUsd");
    assertThatThrownBy(() -> config(Map.of("aiSpendCaps", "acme:100")))
        .hasMessageContaining("tenant-a=100");
    assertThat(config(Map.of("aiSpendCapUsd", "none", "aiSpendCaps", "acme=100, shop-2=5.5")).aiSpendCaps())
        .isEqualTo("acme=100, shop-2=5.5");
  }

  @Test
  void missingDeploymentPackageFailsWithABuildHint() {
    Map<String, String> ctx = new HashMap<>();
    ctx.put("stagesJar", "/nonexistent/refinery-lambda-stages.jar");
    assertThatThrownBy(() -> TestStacks.synthesize(ctx))
        .hasMessageContaining("Lambda deployment package not found: /nonexistent/refinery-lambda-stages.jar")
        .hasMessageContaining("mvn -B -pl functions/lambda-stages -am package");
  }

  @Test
  void aslWhosePlaceholdersDifferFromTheContractIsRefused(@TempDir Path dir) throws IOException {
    Path asl = dir.resolve("odd.asl.json");
    Files.writeString(asl, Files.readString(TestStacks.fixtureAsl())
        .replace("${PublisherFunctionArn}", "${PublishFunctionArn}"));
    AslDefinition def = AslDefinition.load(asl);
    Set<String> contract = Set.of("BaseFunctionArn", "LightingFunctionArn", "BackgroundFunctionArn", "DetailFunctionArn",
        "FinalizeFunctionArn", "QualityCheckFunctionArn", "PublisherFunctionArn", "FailureRecorderFunctionArn");
    assertThatThrownBy(() -> def.requireExactly(contract))
        .hasMessageContaining("[PublishFunctionArn]")
        .hasMessageContaining("never uses [PublisherFunctionArn]");
  }

  @Test
  void aslThatIsNotAslOrUsesJsonataIsRefused(@TempDir Path dir) throws IOException {
    Path notAsl = dir.resolve("a.json");
    Files.writeString(notAsl, "{\"hello\": 1}");
    assertThatThrownBy(() -> AslDefinition.load(notAsl)).hasMessageContaining("not ASL");
    Path jsonata = dir.resolve("b.json");
    Files.writeString(jsonata, "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"A\",\"States\":{}}");
    assertThatThrownBy(() -> AslDefinition.load(jsonata)).hasMessageContaining("JSONata");
    assertThatThrownBy(() -> AslDefinition.load(dir.resolve("missing.json"))).hasMessageContaining("not found");
  }

  @Test
  void contextOverridesReachTheTemplate() {
    TestStacks.Synthesized s = TestStacks.synthesize(Map.of(
        "intermediateExpirationDays", "7",
        "refreshSchedule", "rate(6 hours)",
        "modelStageReservedConcurrency", "0",
        "corsOrigins", "https://app.example.com, https://admin.example.com",
        "alarmEmail", "ops@example.com",
        "maxFixups", "3",
        "engines", "classic,openai"));
    Tpl tpl = new Tpl(s.template());
    String bucket = tpl.ofType("AWS::S3::Bucket").keySet().stream().filter(id -> id.startsWith("StorageImages")).findFirst().orElseThrow();
    JsonNode props = tpl.resource(bucket).path("Properties");
    assertThat(props.path("LifecycleConfiguration").toString()).contains("\"ExpirationInDays\":7");
    assertThat(Tpl.strings(props.path("CorsConfiguration").path("CorsRules").get(0).path("AllowedOrigins")))
        .containsExactly("https://app.example.com", "https://admin.example.com");
    assertThat(tpl.ofType("AWS::Scheduler::Schedule").values().iterator().next().path("Properties")
        .path("ScheduleExpression").asText()).isEqualTo("rate(6 hours)");
    tpl.refineryFunctionIdsByHandler().values().forEach(fn -> {
      assertThat(tpl.resource(fn).path("Properties").has("ReservedConcurrentExecutions")).isFalse();
      assertThat(tpl.resource(fn).path("Properties").path("Environment").path("Variables")
          .path("REFINERY_MAX_FIXUPS").asText()).isEqualTo("3");
      assertThat(tpl.resource(fn).path("Properties").path("Environment").path("Variables")
          .path("REFINERY_ENGINES").asText()).isEqualTo("classic,openai");
    });
    assertThat(tpl.ofType("AWS::SNS::Subscription").values()).singleElement()
        .satisfies(sub -> assertThat(sub.path("Properties").path("Endpoint").asText()).isEqualTo("ops@example.com"));
  }
}
