package dev.refinery.infra.constructs;

import dev.refinery.infra.AslDefinition;
import dev.refinery.infra.RefineryConfig;
import dev.refinery.infra.RefineryFunction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * The Standard state machine from the repository's ASL file (the same file the local runner executes),
 * with each {@code ${XFunctionArn}} replaced by the ARN of that function's {@code live} alias.
 */
public final class Workflow extends Construct {

  private final StateMachine stateMachine;
  private final Role role;
  private final LogGroup logGroup;

  public Workflow(Construct scope, String id, RefineryConfig config, AslDefinition definition, Functions functions) {
    super(scope, id);

    Map<String, String> substitutions = new LinkedHashMap<>();
    for (RefineryFunction f : RefineryFunction.stateMachineFunctions()) {
      substitutions.put(f.aslSubstitution(), functions.alias(f).getFunctionArn());
    }
    definition.requireExactly(substitutions.keySet());

    role = Role.Builder.create(this, "Role")
        .assumedBy(new ServicePrincipal("states.amazonaws.com"))
        .description("Refinery state machine: invokes exactly the live aliases of the workflow's functions")
        .build();
    role.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .sid("InvokeStageAliases")
        .actions(List.of("lambda:InvokeFunction"))
        .resources(RefineryFunction.stateMachineFunctions().stream()
            .map(f -> functions.alias(f).getFunctionArn())
            .toList())
        .build());

    logGroup = Functions.logGroup(this, "Logs", config.logRetentionDays());

    stateMachine = StateMachine.Builder.create(this, "StateMachine")
        // A fixed name, so a function the state machine itself invokes (the publisher, which starts the next
        // round of a catalog refresh's replay) can be granted StartExecution by ARN without a reference back
        // to the state machine: a Ref would close a dependency cycle through the definition's substitutions.
        .stateMachineName(nameOf(this))
        .stateMachineType(StateMachineType.STANDARD)
        .definitionBody(DefinitionBody.fromString(definition.text()))
        .definitionSubstitutions(substitutions)
        .role(role)
        // Logging adds the CloudWatch Logs delivery actions (logs:CreateLogDelivery, ...) on "*" to the
        // role: log delivery is configured through vended-log APIs that have no resource-level
        // permissions. Tracing likewise adds X-Ray's write actions on "*".
        // Every event (cdk-nag's AwsSolutions-SF1, and what an operator needs to follow an execution), but
        // without execution data: states' inputs and outputs carry the seller's feedback text and product
        // facts, which do not belong in a log group kept for months (issue 13). The session's own record and
        // X-Ray's trace show what a state did.
        .logs(LogOptions.builder()
            .destination(logGroup)
            .level(LogLevel.ALL)
            .includeExecutionData(false)
            .build())
        .tracingEnabled(true)
        .build();
  }

  public StateMachine stateMachine() { return stateMachine; }

  /** The state machine's name: the stack's name and "-refinery" (at most 80 characters). */
  static String nameOf(Construct scope) {
    String name = software.amazon.awscdk.Stack.of(scope).getStackName() + "-refinery";
    return name.length() <= 80 ? name : name.substring(name.length() - 80);
  }

  /** The state machine's ARN built from its name: no reference to the resource (see the builder). */
  public static String arnByName(Construct scope) {
    return software.amazon.awscdk.Stack.of(scope).formatArn(software.amazon.awscdk.ArnComponents.builder()
        .service("states")
        .resource("stateMachine")
        .resourceName(nameOf(scope))
        .arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME)
        .build());
  }

  public Role role() { return role; }

  public LogGroup logGroup() { return logGroup; }
}
