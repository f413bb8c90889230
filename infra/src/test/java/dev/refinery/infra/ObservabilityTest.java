package dev.refinery.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ObservabilityTest {

  static Template template;
  static Tpl tpl;

  @BeforeAll
  static void synth() {
    template = TestStacks.defaultStack().template();
    tpl = new Tpl(template);
  }

  static String topicId() {
    return tpl.ofType("AWS::SNS::Topic").keySet().iterator().next();
  }

  @Test
  void everyAlarmNotifiesTheEncryptedTopic() {
    template.resourceCountIs("AWS::SNS::Topic", 1);
    template.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.objectLike(Map.of(
        "Fn::GetAtt", Match.arrayWith(List.of(Match.stringLikeRegexp("^ObservabilityAlarmTopicKey.*")))))));
    Map<String, JsonNode> alarms = tpl.ofType("AWS::CloudWatch::Alarm");
    // 1 workflow + NEEDS_REVIEW and FAILED shares + 4 dead-letter queues + one (errors, throttles) pair per function
    assertThat(alarms).hasSize(1 + 2 + 4 + 2 * RefineryFunction.values().length);
    alarms.forEach((id, alarm) -> {
      assertThat(alarm.path("Properties").path("AlarmActions").get(0).path("Ref").asText()).as(id).isEqualTo(topicId());
      assertThat(alarm.path("Properties").path("AlarmDescription").asText()).as(id).isNotBlank();
    });
  }

  @Test
  void theTopicKeyServesOnlyThisAccountsAlarms() {
    JsonNode key = tpl.ofType("AWS::KMS::Key").values().iterator().next();
    JsonNode cloudwatch = null;
    for (JsonNode st : key.path("Properties").path("KeyPolicy").path("Statement")) {
      if (st.path("Principal").path("Service").asText().equals("cloudwatch.amazonaws.com")) {
        cloudwatch = st;
      }
    }
    assertThat(cloudwatch).as("the statement for CloudWatch").isNotNull();
    assertThat(cloudwatch.path("Condition").path("StringEquals").path("aws:SourceAccount").path("Ref").asText()).isEqualTo("AWS::AccountId");
    assertThat(cloudwatch.path("Condition").path("ArnLike").has("aws:SourceArn")).isTrue();
  }

  static JsonNode alarm(String idPrefix) {
    return tpl.ofType("AWS::CloudWatch::Alarm").entrySet().stream()
        .filter(e -> e.getKey().startsWith(idPrefix)).map(Map.Entry::getValue).findFirst()
        .orElseThrow(() -> new AssertionError("no alarm " + idPrefix)).path("Properties");
  }

  @Test
  void failedExecutionsAlarmWatchesTheStateMachine() {
    JsonNode metrics = alarm("ObservabilityWorkflowExecutionsFailed").path("Metrics");
    assertThat(metrics.toString()).contains("ExecutionsFailed").contains("ExecutionsTimedOut").contains("failed + timedOut");
  }

  @Test
  void theNeedsReviewAndFailedSharesComeFromTheHandlersSessionMetrics() {
    JsonNode review = alarm("ObservabilityNeedsReviewRate");
    assertThat(review.path("Threshold").asDouble()).isEqualTo(25.0);
    assertThat(review.path("Metrics").toString())
        .contains("IF((completed + review + failed) >= 5, 100 * review / (completed + review + failed), 0)")
        .contains("\"MetricName\":\"SessionsEnded\"").contains("\"Namespace\":\"Refinery\"")
        .contains("NEEDS_REVIEW").contains("COMPLETED").contains("FAILED");
    JsonNode failed = alarm("ObservabilityFailedRate");
    assertThat(failed.path("Threshold").asDouble()).isEqualTo(10.0);
    assertThat(failed.path("Metrics").toString()).contains("100 * failed / (completed + review + failed)");
    // one source: the metric filters on the completion archive are gone
    assertThat(tpl.ofType("AWS::Logs::MetricFilter")).isEmpty();
  }

  @Test
  void theDashboardShowsTheHandlersMetricsAndEveryAlarm() {
    Map<String, JsonNode> dashboards = tpl.ofType("AWS::CloudWatch::Dashboard");
    assertThat(dashboards).hasSize(1);
    String body = dashboards.values().iterator().next().path("Properties").path("DashboardBody").toString();
    for (String metric : List.of("StageDuration", "StageErrors", "SessionsEnded", "NeedsReviewChecks", "ModelCostUsd")) {
      assertThat(body).as(metric).contains(metric);
    }
    assertThat(body).contains("{Refinery,Stage,Engine,Outcome}").contains("{Refinery,Tenant}").contains("{Refinery,Check}");
    // the alarm widget lists every alarm
    tpl.ofType("AWS::CloudWatch::Alarm").keySet().forEach(id -> assertThat(body).as(id).contains(id));
  }

  @Test
  void deadLetterQueueDepthIsAlarmedForEveryQueue() {
    Map<String, JsonNode> queues = tpl.ofType("AWS::SQS::Queue");
    assertThat(queues).hasSize(4);
    String alarms = tpl.ofType("AWS::CloudWatch::Alarm").values().toString();
    queues.keySet().forEach(q -> assertThat(alarms).as("alarm on " + q).contains("\"" + q + "\""));
    template.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Map.of(
        "MetricName", "ApproximateNumberOfMessagesVisible", "Namespace", "AWS/SQS", "Threshold", 1), 4);
    template.allResourcesProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true));
  }

  @Test
  void eachFunctionHasErrorAndThrottleAlarms() {
    template.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Map.of(
        "MetricName", "Errors", "Namespace", "AWS/Lambda", "Threshold", 1), RefineryFunction.values().length);
    template.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Map.of(
        "MetricName", "Throttles", "Namespace", "AWS/Lambda"), RefineryFunction.values().length);
  }
}
