package dev.refinery.aws.ports;

/**
 * The input of a state machine execution, exactly as the contract fixes it. Built deterministically
 * so that a repeated StartExecution with the same name carries the same input (Step Functions then
 * treats it as the same request).
 */
public record ExecutionInput(String tenant, String sessionId, String mode, String feedback, String feedbackStage, int iteration) {
    public static final String FIRST_PASS = "first-pass";
    public static final String FEEDBACK_ROUND = "feedback-round";

    public static ExecutionInput firstPass(String tenant, String sessionId) {
        return new ExecutionInput(tenant, sessionId, FIRST_PASS, null, null, 0);
    }

    public static ExecutionInput feedbackRound(String tenant, String sessionId, String feedback, String stageId) {
        return new ExecutionInput(tenant, sessionId, FEEDBACK_ROUND, feedback, stageId, 0);
    }
}
