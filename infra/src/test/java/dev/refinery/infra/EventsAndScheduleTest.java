package dev.refinery.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class EventsAndScheduleTest {

  static Template template;
  static Tpl tpl;

  @BeforeAll
  static void synth() {
    template = TestStacks.defaultStack().template();
    tpl = new Tpl(template);
  }

  @Test
  void completionBusHasAnArchivingExampleRuleWithRetryAndDeadLetters() {
    template.resourceCountIs("AWS::Events::EventBus", 1);
    String busId = tpl.ofType("AWS::Events::EventBus").keySet().iterator().next();
    JsonNode rule = tpl.ofType("AWS::Events::Rule").values().iterator().next().path("Properties");
    assertThat(rule.path("EventBusName").path("Ref").asText()).isEqualTo(busId);
    JsonNode target = rule.path("Targets").get(0);
    assertThat(target.path("Arn").path("Fn::GetAtt").get(0).asText()).startsWith("CompletionEventsArchive");
    assertThat(target.path("RetryPolicy").path("MaximumRetryAttempts").asInt()).isPositive();
    assertThat(target.path("DeadLetterConfig").path("Arn").path("Fn::GetAtt").get(0).asText())
        .startsWith("CompletionEventsArchiveDeadLetterQueue");
    // EventBridge delivers to log groups named /aws/events/...; its resource policy admits it.
    template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
        "LogGroupName", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(
            Match.arrayWith(List.of("/aws/events/"))))))));
    JsonNode policy = tpl.ofType("AWS::Logs::ResourcePolicy").values().iterator().next().path("Properties");
    String document = policy.path("PolicyDocument").toString();
    assertThat(document).contains("events.amazonaws.com").contains("logs:PutLogEvents")
        .contains("CompletionEventsArchive");
  }

  @Test
  void publisherFailureRecorderAndApiMayPutEventsOnTheBusOnly() {
    String busId = tpl.ofType("AWS::Events::EventBus").keySet().iterator().next();
    tpl.refineryFunctionIdsByHandler().forEach((handler, fnId) -> {
      List<JsonNode> puts = tpl.statementsOfRole(tpl.roleOf(fnId)).stream()
          .filter(st -> Tpl.strings(st.path("Action")).contains("events:PutEvents")).toList();
      boolean expected = handler.contains("Publisher") || handler.contains("FailureRecorder") || handler.contains("ApiHandler");
      assertThat(!puts.isEmpty()).as(handler).isEqualTo(expected);
      puts.forEach(st -> assertThat(st.path("Resource").path("Fn::GetAtt").get(0).asText()).isEqualTo(busId));
    });
  }

  @Test
  void refreshScheduleInvokesTheRefreshAliasWithRetriesAndDeadLetters() {
    String refreshAlias = tpl.aliasOf(tpl.refineryFunctionIdsByHandler()
        .get("dev.refinery.aws.handlers.CatalogRefreshHandler::handleRequest"));
    template.resourceCountIs("AWS::Scheduler::Schedule", 1);
    template.hasResourceProperties("AWS::Scheduler::Schedule", Map.of(
        "ScheduleExpression", "cron(0 3 * * ? *)",
        "ScheduleExpressionTimezone", "UTC",
        "State", "ENABLED",
        "Target", Match.objectLike(Map.of(
            "Arn", Map.of("Ref", refreshAlias),
            "RetryPolicy", Map.of("MaximumRetryAttempts", 3, "MaximumEventAgeInSeconds", 7200),
            "DeadLetterConfig", Map.of("Arn", Match.objectLike(Map.of("Fn::GetAtt", Match.arrayWith(List.of(
                Match.stringLikeRegexp("^CatalogRefreshDeadLetterQueue.*"))))))))));
    JsonNode schedule = tpl.ofType("AWS::Scheduler::Schedule").values().iterator().next().path("Properties");
    String roleId = schedule.path("Target").path("RoleArn").path("Fn::GetAtt").get(0).asText();
    List<JsonNode> statements = tpl.statementsOfRole(roleId);
    assertThat(statements).anySatisfy(st -> {
      assertThat(Tpl.strings(st.path("Action"))).containsExactly("lambda:InvokeFunction");
      assertThat(st.path("Resource").toString()).contains(refreshAlias);
    });
    assertThat(statements).anySatisfy(st -> assertThat(Tpl.strings(st.path("Action"))).containsExactly("sqs:SendMessage"));
    assertThat(schedule.path("Target").path("Input").asText()).contains("\"detail-type\":\"Scheduled Event\"");
  }
}
