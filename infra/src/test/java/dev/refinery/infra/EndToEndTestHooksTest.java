package dev.refinery.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** What refinery:testHooks=true adds for the end-to-end tests, and that a seller's stack has none of it. */
class EndToEndTestHooksTest {

  @Test
  void aSellersStackHasNoTestClientAndNoTestQueue() {
    Tpl tpl = new Tpl(TestStacks.defaultStack().template());
    tpl.ofType("AWS::Cognito::UserPoolClient").values().forEach(c ->
        assertThat(Tpl.strings(c.path("Properties").path("ExplicitAuthFlows"))).doesNotContain("ALLOW_ADMIN_USER_PASSWORD_AUTH"));
    assertThat(tpl.ofType("AWS::SQS::Queue")).hasSize(4);
    assertThat(TestStacks.defaultStack().template().findOutputs("E2eClientId")).isEmpty();
  }

  @Test
  void aTestStackHasAnAdminPasswordClientAndAQueueSubscribedToTheBus() {
    Template t = TestStacks.synthesize(Map.of("testHooks", "true")).template();
    t.hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of(
        "ExplicitAuthFlows", Match.arrayWith(List.of("ALLOW_ADMIN_USER_PASSWORD_AUTH")),
        "GenerateSecret", false));
    t.hasResourceProperties("AWS::SQS::Queue", Map.of("MessageRetentionPeriod", 86400, "SqsManagedSseEnabled", true));
    t.hasResourceProperties("AWS::Events::Rule", Map.of(
        "Description", Match.stringLikeRegexp("Test stack only.*"),
        "Targets", Match.arrayWith(List.of(Match.objectLike(Map.of("Arn", Match.objectLike(Map.of(
            "Fn::GetAtt", Match.arrayWith(List.of(Match.stringLikeRegexp("CompletionEventsEndToEndTestQueue.*")))))))))));
    // only EventBridge, from that rule, may send to it
    JsonNode policy = new Tpl(t).ofType("AWS::SQS::QueuePolicy").values().stream()
        .filter(p -> p.toString().contains("EndToEndTestQueue")).findFirst().orElseThrow();
    assertThat(policy.toString()).contains("events.amazonaws.com").contains("aws:SourceArn");
    assertThat(t.findOutputs("E2eClientId")).isNotEmpty();
    assertThat(t.findOutputs("E2eQueueUrl")).isNotEmpty();
  }
}
