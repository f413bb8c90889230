package dev.refinery.aws.ports;

/**
 * The input of a state machine execution, exactly as the contract fixes it. Built deterministically
 * so that a repeated StartExecution with the same name carries the same input (Step Functions then
 * treats it as the same request).
 */
public record ExecutionInput(String tenant, String sessionId, String mode, String feedback, String feedbackStage, int iteration,
                             java.util.Map<String, String> hints) {
    public static final String FIRST_PASS = "first-pass";
    public static final String FEEDBACK_ROUND = "feedback-round";

    public static ExecutionInput firstPass(String tenant, String sessionId) {
        return new ExecutionInput(tenant, sessionId, FIRST_PASS, null, null, 0, java.util.Map.of());
    }

    /**
     * @param stageId the plan's edit stage, or finalize for a round that only reframes
     * @param hints   the plan's hints: the edit stage's own, framing's as {@code finalize.*} (sorted: the same plan
     *                gives the same input)
     */
    public static ExecutionInput feedbackRound(String tenant, String sessionId, String feedback, String stageId, java.util.Map<String, String> hints) {
        return new ExecutionInput(tenant, sessionId, FEEDBACK_ROUND, feedback, stageId, 0, new java.util.TreeMap<>(hints));
    }
}
