package dev.refinery.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class StateMachineTest {

  static final Map<String, String> SUBSTITUTION_TO_HANDLER = Map.of(
      "BaseFunctionArn", "dev.refinery.aws.handlers.BaseStageHandler::handleRequest",
      "LightingFunctionArn", "dev.refinery.aws.handlers.LightingStageHandler::handleRequest",
      "BackgroundFunctionArn", "dev.refinery.aws.handlers.BackgroundStageHandler::handleRequest",
      "DetailFunctionArn", "dev.refinery.aws.handlers.DetailStageHandler::handleRequest",
      "FinalizeFunctionArn", "dev.refinery.aws.handlers.FinalizeStageHandler::handleRequest",
      "QualityCheckFunctionArn", "dev.refinery.aws.handlers.QualityCheckStageHandler::handleRequest",
      "PublisherFunctionArn", "dev.refinery.aws.handlers.PublisherHandler::handleRequest",
      "FailureRecorderFunctionArn", "dev.refinery.aws.handlers.FailureRecorderHandler::handleRequest");

  static Template template;
  static Tpl tpl;

  @BeforeAll
  static void synth() {
    template = TestStacks.defaultStack().template();
    tpl = new Tpl(template);
  }

  static JsonNode stateMachine() {
    Map<String, JsonNode> machines = tpl.ofType("AWS::StepFunctions::StateMachine");
    assertThat(machines).hasSize(1);
    return machines.values().iterator().next().path("Properties");
  }

  @Test
  void definitionIsTheAslFileVerbatim() throws Exception {
    String asl = Files.readString(TestStacks.fixtureAsl());
    assertThat(stateMachine().path("DefinitionString").asText()).isEqualTo(asl);
  }

  /** Asserts every contract substitution maps to the live alias of the right function. */
  static void assertSubstitutionsPointAtStageAliases(Tpl tpl, JsonNode props) {
    JsonNode subs = props.path("DefinitionSubstitutions");
    Set<String> keys = new HashSet<>();
    subs.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyInAnyOrderElementsOf(SUBSTITUTION_TO_HANDLER.keySet());
    Map<String, String> fnIds = tpl.refineryFunctionIdsByHandler();
    SUBSTITUTION_TO_HANDLER.forEach((sub, handler) -> {
      String expectedAlias = tpl.aliasOf(fnIds.get(handler));
      assertThat(subs.path(sub).path("Ref").asText()).as(sub).isEqualTo(expectedAlias);
    });
  }

  @Test
  void everyStageFunctionIsSubstitutedByItsLiveAlias() {
    assertSubstitutionsPointAtStageAliases(tpl, stateMachine());
  }

  @Test
  void roleMayInvokeExactlyTheStageAliases() {
    String roleId = stateMachine().path("RoleArn").path("Fn::GetAtt").get(0).asText();
    List<JsonNode> statements = tpl.statementsOfRole(roleId);
    Map<String, String> fnIds = tpl.refineryFunctionIdsByHandler();
    Set<String> expected = new HashSet<>();
    SUBSTITUTION_TO_HANDLER.values().forEach(h -> expected.add(tpl.aliasOf(fnIds.get(h))));

    Set<String> invokable = new HashSet<>();
    for (JsonNode st : statements) {
      List<String> actions = Tpl.strings(st.path("Action"));
      if (actions.stream().anyMatch(a -> a.startsWith("lambda:"))) {
        assertThat(actions).containsExactly("lambda:InvokeFunction");
        for (JsonNode r : st.path("Resource")) {
          assertThat(r.has("Ref")).as("invoke resource must be an alias Ref: " + r).isTrue();
          invokable.add(r.path("Ref").asText());
        }
      }
    }
    assertThat(invokable).isEqualTo(expected);
    // Only the trigger, API, refresh and publisher start executions; nobody else holds states:* permissions.
  }

  @Test
  void tracingIsOnAndTheLogHoldsErrorsWithoutTheSellersWords() {
    template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
        "StateMachineType", "STANDARD",
        "TracingConfiguration", Map.of("Enabled", true),
        "LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL", "IncludeExecutionData", false))));
  }

  @Test
  void onlyTheStartersMayStartExecutions() {
    Map<String, String> fnIds = tpl.refineryFunctionIdsByHandler();
    fnIds.forEach((handler, fnId) -> {
      boolean starts = tpl.statementsOfRole(tpl.roleOf(fnId)).stream()
          .anyMatch(st -> Tpl.strings(st.path("Action")).contains("states:StartExecution"));
      // the publisher starts the next round of a refreshed session's replay of the approved rounds
      boolean expected = handler.contains("UploadTrigger") || handler.contains("ApiHandler")
          || handler.contains("CatalogRefresh") || handler.contains("Publisher");
      assertThat(starts).as(handler).isEqualTo(expected);
    });
    // the publisher's grant names this state machine by its ARN built from its fixed name (a Ref would be a cycle)
    String name = stateMachine().path("StateMachineName").asText();
    assertThat(name).endsWith("-refinery");
    String publisherRole = tpl.roleOf(fnIds.get("dev.refinery.aws.handlers.PublisherHandler::handleRequest"));
    assertThat(tpl.statementsOfRole(publisherRole)).filteredOn(st -> Tpl.strings(st.path("Action")).contains("states:StartExecution"))
        .singleElement().satisfies(st -> assertThat(st.path("Resource").toString()).contains(":stateMachine:" + name));
  }
}
