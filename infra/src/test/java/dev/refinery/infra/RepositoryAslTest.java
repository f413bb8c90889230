package dev.refinery.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real workflow definition from functions/workflow, synthesized into the stack. Skipped (with the
 * reason) while that file is not in this checkout: it is written by the workflow module.
 */
class RepositoryAslTest {

  static Path repositoryAsl() {
    return TestStacks.repoRoot().resolve(RefineryConfig.ASL_DEFAULT);
  }

  @Test
  void repositoryDefinitionUsesExactlyTheContractSubstitutions() {
    Path asl = repositoryAsl();
    // the repository's definition is the one the stack deploys: a moved or missing file fails, never skips
    assertThat(asl).as("the workflow module's definition").isRegularFile();
    AslDefinition def = AslDefinition.load(asl);
    assertThat(def.placeholders()).containsExactlyInAnyOrderElementsOf(StateMachineTest.SUBSTITUTION_TO_HANDLER.keySet());
  }

  @Test
  void stackSynthesizesWithTheRepositoryDefinition() throws Exception {
    Path asl = repositoryAsl();
    assertThat(asl).as("the workflow module's definition").isRegularFile();
    TestStacks.Synthesized s = TestStacks.synthesize(Map.of("aslFile", asl.toString()));
    Tpl tpl = new Tpl(s.template());
    JsonNode sm = tpl.ofType("AWS::StepFunctions::StateMachine").values().iterator().next().path("Properties");
    assertThat(sm.path("DefinitionString").asText()).isEqualTo(Files.readString(asl));
    StateMachineTest.assertSubstitutionsPointAtStageAliases(tpl, sm);
  }
}
