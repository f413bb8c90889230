package dev.refinery.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.workflow.RefineryStateMachine.LambdaFunction;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The definition's functions are the list's functions with an ASL substitution, with their settings from the list. */
class FunctionListTest {
    @Test
    void theDefinitionsFunctionsAreTheListsStateMachineFunctions() {
        Set<String> fromList = FunctionList.all().stream().map(FunctionList.Function::aslSubstitution)
                .filter(s -> s != null).collect(Collectors.toSet());
        Set<String> fromEnum = Arrays.stream(LambdaFunction.values()).map(LambdaFunction::placeholder).collect(Collectors.toSet());
        assertThat(fromEnum).hasSize(8).isEqualTo(fromList);
        assertThat(FunctionList.all()).hasSize(12);
        assertThat(FunctionList.named("Planner").aslSubstitution()).as("the API invokes it, not the workflow").isNull();
        // every placeholder of the definition is substituted (parse refuses unresolved ${...})
        assertThat(RefineryStateMachine.localDefinition()).isNotNull();
        assertThat(LambdaFunction.QUALITY_CHECK.timeoutSeconds()).isEqualTo(FunctionList.named("QualityCheck").timeoutSeconds());
        assertThat(LambdaFunction.BASE.handlerClass()).isEqualTo("dev.refinery.aws.handlers.BaseStageHandler");
        assertThat(FunctionList.named("Base").callsModel()).isTrue();
    }

    @Test
    void anIncompleteEntryIsRefusedByName() {
        assertThatThrownBy(() -> FunctionList.parse("{\"Functions\":[{\"name\":\"Base\",\"handler\":\"X\",\"package\":\"stages\",\"memoryMb\":1024}]}"))
                .hasMessageContaining("Base has no timeoutSeconds");
    }
}
