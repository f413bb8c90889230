package dev.refinery.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** cdk-nag's AwsSolutions pack (attached by RefineryApp.build, as in the real app) finds nothing unsuppressed. */
class NagComplianceTest {

  static TestStacks.Synthesized synthesized;

  @BeforeAll
  static void synth() {
    synthesized = TestStacks.defaultStack();
  }

  private static List<String> describe(List<SynthesisMessage> messages) {
    List<String> out = new ArrayList<>();
    messages.forEach(m -> out.add(m.getId() + " :: " + String.valueOf(m.getEntry().getData()).split("\n")[0]));
    return out;
  }

  @Test
  void noUnsuppressedErrors() {
    List<SynthesisMessage> errors = Annotations.fromStack(synthesized.stack())
        .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    assertThat(describe(errors)).isEmpty();
  }

  @Test
  void noUnsuppressedWarnings() {
    List<SynthesisMessage> warnings = Annotations.fromStack(synthesized.stack())
        .findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    assertThat(describe(warnings)).isEmpty();
  }

  @Test
  void noWarningsOrErrorsFromCdkItself() {
    // e.g. SnapStart without a published version, or anything CDK reports besides cdk-nag.
    List<SynthesisMessage> warnings = Annotations.fromStack(synthesized.stack()).findWarning("*", Match.anyValue());
    List<SynthesisMessage> errors = Annotations.fromStack(synthesized.stack()).findError("*", Match.anyValue());
    assertThat(describe(warnings)).isEmpty();
    assertThat(describe(errors)).isEmpty();
  }

  @Test
  void everySuppressionCarriesAReason() {
    Tpl tpl = new Tpl(synthesized.template());
    int suppressions = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = tpl.resources().fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      for (JsonNode rule : e.getValue().path("Metadata").path("cdk_nag").path("rules_to_suppress")) {
        suppressions++;
        assertThat(rule.path("id").asText()).as(e.getKey()).startsWith("AwsSolutions-");
        assertThat(rule.path("reason").asText()).as(e.getKey() + " " + rule.path("id").asText()).hasSizeGreaterThan(40);
        if (rule.path("id").asText().equals("AwsSolutions-IAM5")) {
          assertThat(rule.has("applies_to")).as("IAM5 suppressions name the exact findings: " + e.getKey()).isTrue();
        }
      }
    }
    assertThat(suppressions).isPositive();
    System.out.println("cdk-nag suppressions in template: " + suppressions);
  }

  @Test
  void thePackReallyRuns() {
    // The pack is attached: a fresh stack with a bucket lacking TLS enforcement must be flagged.
    software.amazon.awscdk.App app = new software.amazon.awscdk.App();
    software.amazon.awscdk.Stack probe = new software.amazon.awscdk.Stack(app, "NagProbe");
    software.amazon.awscdk.services.s3.Bucket.Builder.create(probe, "Open").build();
    software.amazon.awscdk.Aspects.of(app).add(new io.github.cdklabs.cdknag.AwsSolutionsChecks());
    List<SynthesisMessage> errors = Annotations.fromStack(probe).findError("*", Match.stringLikeRegexp("AwsSolutions-S10.*"));
    assertThat(errors).isNotEmpty();
  }
}
