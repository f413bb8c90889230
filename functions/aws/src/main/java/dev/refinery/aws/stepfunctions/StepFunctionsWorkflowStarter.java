package dev.refinery.aws.stepfunctions;

import dev.refinery.aws.Json;
import dev.refinery.application.ExecutionNames;
import dev.refinery.application.ports.ExecutionInput;
import dev.refinery.application.ports.WorkflowStarter;
import dev.refinery.domain.TransientRefineryException;
import dev.refinery.aws.SdkErrors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * Starts executions of the refinery state machine under caller-derived names. Starting a name
 * twice is the normal recovery path (a trigger that crashed after recording the upload but before
 * starting, or a redelivered notification): Step Functions returns the running execution when the
 * input is identical, and ExecutionAlreadyExists otherwise — both mean "started".
 */
public final class StepFunctionsWorkflowStarter implements WorkflowStarter {
    private final SfnClient sfn;
    private final String stateMachineArn;

    public StepFunctionsWorkflowStarter(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public Started start(String executionName, ExecutionInput input) {
        if (!ExecutionNames.valid(executionName)) {
            throw new IllegalArgumentException("not a valid execution name: " + executionName);
        }
        try {
            StartExecutionResponse r = sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(executionName)
                    .input(Json.write(input)));
            return new Started(r.executionArn(), false);
        } catch (ExecutionAlreadyExistsException e) {
            return new Started(executionArn(executionName), true);
        } catch (SdkClientException e) {
            throw new TransientRefineryException("Step Functions could not be reached: " + e.getMessage(), e);
        } catch (SfnException e) {
            if (SdkErrors.transientService(e)) {
                throw new TransientRefineryException("Step Functions answered " + e.statusCode() + " "
                        + (e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode()), e);
            }
            throw e;
        }
    }

    /** arn:aws:states:REGION:ACCOUNT:stateMachine:NAME -> arn:aws:states:REGION:ACCOUNT:execution:NAME:EXECUTION */
    String executionArn(String executionName) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + executionName;
    }
}
