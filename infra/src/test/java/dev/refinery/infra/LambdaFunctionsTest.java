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

class LambdaFunctionsTest {

  /** Handler classes as the state machine and the list of functions name them, written out here so a drift in the enum fails the test. */
  static final List<String> CONTRACT_HANDLERS = List.of(
      "dev.refinery.aws.handlers.UploadTriggerHandler",
      "dev.refinery.aws.handlers.BaseStageHandler",
      "dev.refinery.aws.handlers.LightingStageHandler",
      "dev.refinery.aws.handlers.BackgroundStageHandler",
      "dev.refinery.aws.handlers.DetailStageHandler",
      "dev.refinery.aws.handlers.FinalizeStageHandler",
      "dev.refinery.aws.handlers.QualityCheckStageHandler",
      "dev.refinery.aws.handlers.PublisherHandler",
      "dev.refinery.aws.handlers.FailureRecorderHandler",
      "dev.refinery.aws.handlers.ApiHandler",
      "dev.refinery.aws.handlers.FeedbackPlannerHandler",
      "dev.refinery.aws.handlers.CatalogRefreshHandler");

  static final Set<String> MODEL_STAGES = Set.of(
      "dev.refinery.aws.handlers.BaseStageHandler::handleRequest",
      "dev.refinery.aws.handlers.LightingStageHandler::handleRequest",
      "dev.refinery.aws.handlers.BackgroundStageHandler::handleRequest",
      "dev.refinery.aws.handlers.DetailStageHandler::handleRequest",
      "dev.refinery.aws.handlers.FinalizeStageHandler::handleRequest");

  /** The functions that read the OpenAI key: the model stages and the feedback planner (its language model). */
  static final Set<String> KEY_READERS = java.util.stream.Stream.concat(MODEL_STAGES.stream(),
      java.util.stream.Stream.of("dev.refinery.aws.handlers.FeedbackPlannerHandler::handleRequest")).collect(java.util.stream.Collectors.toSet());

  static Template template;
  static Tpl tpl;

  @BeforeAll
  static void synth() {
    template = TestStacks.defaultStack().template();
    tpl = new Tpl(template);
  }

  @Test
  void oneFunctionPerContractHandler() {
    assertThat(tpl.refineryFunctionIdsByHandler().keySet())
        .containsExactlyInAnyOrderElementsOf(CONTRACT_HANDLERS.stream().map(h -> h + "::handleRequest").toList());
  }

  @Test
  void everyFunctionIsJava21Arm64WithSnapStartJsonLogsAndTracing() {
    template.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of(
        "Runtime", "java21",
        "Architectures", List.of("arm64"),
        "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
        "TracingConfig", Map.of("Mode", "Active"),
        "LoggingConfig", Match.objectLike(Map.of("LogFormat", "JSON"))), CONTRACT_HANDLERS.size());
  }

  @Test
  void lambdasOwnLogRecordsAreWarnUnlessADeployerMeasures() {
    // WARN by default: no per-invocation start/REPORT records. refinery:systemLogLevel=INFO brings REPORT back
    // (Duration, Billed Duration, Init / Restore Duration), which the cold-start and cost procedures read
    template.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of(
        "LoggingConfig", Match.objectLike(Map.of("SystemLogLevel", "WARN"))), CONTRACT_HANDLERS.size());
    Template measuring = TestStacks.synthesize(Map.of("systemLogLevel", "info")).template();
    measuring.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of(
        "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
        "LoggingConfig", Match.objectLike(Map.of("SystemLogLevel", "INFO"))), CONTRACT_HANDLERS.size());
  }

  @Test
  void sizedPerStage() {
    Map<String, String> ids = tpl.refineryFunctionIdsByHandler();
    for (RefineryFunction f : RefineryFunction.values()) {
      JsonNode props = tpl.resource(ids.get(f.handler())).path("Properties");
      assertThat(props.path("MemorySize").asInt()).as(f.id()).isEqualTo(f.memoryMb());
      assertThat(props.path("Timeout").asInt()).as(f.id()).isEqualTo(f.timeoutSeconds());
    }
    // Model calls can take ~2 minutes: the model stages must outlast that.
    MODEL_STAGES.forEach(h ->
        assertThat(tpl.resource(ids.get(h)).path("Properties").path("Timeout").asInt()).as(h).isGreaterThanOrEqualTo(150));
    assertThat(tpl.resource(ids.get("dev.refinery.aws.handlers.ApiHandler::handleRequest"))
        .path("Properties").path("Timeout").asInt()).isLessThan(29);
  }

  @Test
  void eachFunctionHasALiveAliasOnAPublishedVersion() {
    tpl.refineryFunctionIdsByHandler().forEach((handler, fnId) -> {
      JsonNode alias = tpl.resource(tpl.aliasOf(fnId)).path("Properties");
      assertThat(alias.path("Name").asText()).isEqualTo("live");
      String versionId = alias.path("FunctionVersion").path("Fn::GetAtt").get(0).asText();
      JsonNode version = tpl.resource(versionId);
      assertThat(version.path("Type").asText()).isEqualTo("AWS::Lambda::Version");
      assertThat(version.path("Properties").path("FunctionName").path("Ref").asText()).isEqualTo(fnId);
    });
    template.resourceCountIs("AWS::Lambda::Alias", CONTRACT_HANDLERS.size());
  }

  @Test
  void environmentFollowsTheContract() {
    tpl.refineryFunctionIdsByHandler().forEach((handler, fnId) -> {
      JsonNode env = tpl.resource(fnId).path("Properties").path("Environment").path("Variables");
      assertThat(env.has("REFINERY_BUCKET") && env.has("REFINERY_TABLE")).as(handler).isTrue();
      assertThat(env.path("REFINERY_MAX_FIXUPS").asText()).isEqualTo("2");
      assertThat(env.path("REFINERY_ENGINE").asText()).isEqualTo("classic");
      assertThat(env.path("REFINERY_ENGINES").asText()).isEqualTo("classic");
      // SnapStart (every function, above) calls the handlers' priming hooks around the snapshot (handlers.Priming);
      // REFINERY_PRIME_AT_INIT is for JVMs without CRaC and would run the dry run twice before the snapshot
      assertThat(env.has("REFINERY_PRIME_AT_INIT")).as(handler).isFalse();
      assertThat(env.has("REFINERY_OPENAI_SECRET_ARN")).as(handler).isEqualTo(KEY_READERS.contains(handler));
      // only the API asks the planner, by its live alias
      assertThat(env.has("REFINERY_PLANNER_FUNCTION")).as(handler).isEqualTo(handler.contains("ApiHandler"));
      boolean startsExecutions = handler.contains("UploadTrigger") || handler.contains("ApiHandler")
          || handler.contains("CatalogRefresh") || handler.contains("Publisher");
      assertThat(env.has("REFINERY_STATE_MACHINE_ARN")).as(handler).isEqualTo(startsExecutions);
      // the API announces an export on request ("Refinement Exported")
      boolean emitsEvents = handler.contains("Publisher") || handler.contains("FailureRecorder") || handler.contains("ApiHandler");
      assertThat(env.has("REFINERY_EVENT_BUS")).as(handler).isEqualTo(emitsEvents);
      boolean countsSessions = handler.contains("ApiHandler") || handler.contains("UploadTrigger");
      assertThat(env.path("REFINERY_QUOTA_SESSIONS_PER_MINUTE").asText()).as(handler).isEqualTo(countsSessions ? "60" : "");
      assertThat(env.path("REFINERY_QUOTA_SESSIONS_PER_DAY").asText()).as(handler).isEqualTo(countsSessions ? "2000" : "");
      // the API echoes the web app's origins (the same list the preflight and the bucket allow)
      assertThat(env.path("REFINERY_CORS_ORIGINS").asText()).as(handler)
          .isEqualTo(handler.contains("ApiHandler") ? "http://localhost:5173" : "");
      // the AI spending cap: where the model is called and priced, and where the API shows it (GET /spend)
      boolean spends = KEY_READERS.contains(handler) || handler.contains("ApiHandler");
      assertThat(env.path("REFINERY_OPENAI_TENANT_CAP_USD").asText()).as(handler).isEqualTo(spends ? "25" : "");
      // The secret's ARN, never a value.
      if (env.has("REFINERY_OPENAI_SECRET_ARN")) {
        assertThat(env.path("REFINERY_OPENAI_SECRET_ARN").path("Ref").asText()).startsWith("ModelSecretOpenAiApiKey");
      }
    });
  }

  @Test
  void modelStagesHaveReservedConcurrencyAndOthersDoNot() {
    tpl.refineryFunctionIdsByHandler().forEach((handler, fnId) -> {
      JsonNode reserved = tpl.resource(fnId).path("Properties").path("ReservedConcurrentExecutions");
      if (MODEL_STAGES.contains(handler)) {
        assertThat(reserved.asInt()).as(handler).isEqualTo(5);
      } else {
        assertThat(reserved.isMissingNode()).as(handler).isTrue();
      }
    });
  }

  @Test
  void asynchronouslyInvokedFunctionsHaveADeadLetterQueue() {
    Map<String, String> ids = tpl.refineryFunctionIdsByHandler();
    for (String handler : List.of("dev.refinery.aws.handlers.UploadTriggerHandler::handleRequest",
        "dev.refinery.aws.handlers.CatalogRefreshHandler::handleRequest")) {
      JsonNode dlq = tpl.resource(ids.get(handler)).path("Properties").path("DeadLetterConfig").path("TargetArn");
      String queueId = dlq.path("Fn::GetAtt").get(0).asText();
      assertThat(tpl.resource(queueId).path("Type").asText()).isEqualTo("AWS::SQS::Queue");
    }
    template.resourceCountIs("AWS::Lambda::EventInvokeConfig", 2);
    template.allResourcesProperties("AWS::Lambda::EventInvokeConfig", Map.of(
        "MaximumRetryAttempts", 2, "MaximumEventAgeInSeconds", 21600));
    // on the alias the S3 notification and the Scheduler invoke, not on $LATEST
    tpl.ofType("AWS::Lambda::EventInvokeConfig").forEach((id, config) ->
        // the alias name, element 7 of the alias's ARN
        assertThat(config.path("Properties").path("Qualifier").toString()).as(id).contains("LiveAlias").contains("[7,").doesNotContain("LATEST"));
  }

  @Test
  void eachFunctionLogsToItsOwnRetainedLogGroup() {
    tpl.refineryFunctionIdsByHandler().forEach((handler, fnId) -> {
      String logGroupId = tpl.resource(fnId).path("Properties").path("LoggingConfig").path("LogGroup")
          .path("Ref").asText();
      assertThat(tpl.resource(logGroupId).path("Properties").path("RetentionInDays").asInt()).isEqualTo(30);
    });
  }

  @Test
  void codeComesFromTheTwoDeploymentPackages() {
    Map<String, String> ids = tpl.refineryFunctionIdsByHandler();
    String stagesKey = tpl.resource(ids.get("dev.refinery.aws.handlers.BaseStageHandler::handleRequest"))
        .path("Properties").path("Code").path("S3Key").asText();
    String controlKey = tpl.resource(ids.get("dev.refinery.aws.handlers.ApiHandler::handleRequest"))
        .path("Properties").path("Code").path("S3Key").asText();
    assertThat(stagesKey).isNotEqualTo(controlKey).endsWith(".jar");
    for (RefineryFunction f : RefineryFunction.values()) {
      String key = tpl.resource(ids.get(f.handler())).path("Properties").path("Code").path("S3Key").asText();
      assertThat(key).as(f.id())
          .isEqualTo(f.deploymentPackage() == RefineryFunction.Package.STAGES ? stagesKey : controlKey);
    }
  }
}
