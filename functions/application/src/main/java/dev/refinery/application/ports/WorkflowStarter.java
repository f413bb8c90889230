package dev.refinery.application.ports;

/** Starts the refinement workflow (a Step Functions execution in AWS, the local runner elsewhere). */
public interface WorkflowStarter {
    /**
     * Starts an execution under a caller-chosen name; starting a name again is not an error.
     *
     * @return the execution's id and whether it had already been started
     */
    Started start(String executionName, ExecutionInput input);

    record Started(String executionId, boolean alreadyStarted) {
    }
}
