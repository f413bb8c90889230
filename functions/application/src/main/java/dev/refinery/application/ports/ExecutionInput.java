package dev.refinery.application.ports;

/**
 * The input of a state machine execution, exactly as the contract fixes it. Built deterministically
 * so that a repeated StartExecution with the same name carries the same input (Step Functions then
 * treats it as the same request).
 */
public record ExecutionInput(String tenant, String sessionId, String mode, String feedback, String feedbackStage, int iteration,
                             java.util.Map<String, String> hints, java.util.Map<String, Boolean> plan) {
    public static final String FIRST_PASS = "first-pass";
    public static final String FEEDBACK_ROUND = "feedback-round";

    public static ExecutionInput firstPass(String tenant, String sessionId) {
        return new ExecutionInput(tenant, sessionId, FIRST_PASS, null, null, 0, java.util.Map.of(), java.util.Map.of());
    }

    /**
     * @param stageId the plan's first edit stage, or finalize for a round that only reframes
     * @param hints   the plan's hints, each under its stage's id ({@code lighting.exposure}, {@code finalize.fill};
     *                sorted: the same plan gives the same input)
     * @param plan    which edit stages the round runs: {@code lighting}, {@code background}, {@code detail}
     */
    public static ExecutionInput feedbackRound(String tenant, String sessionId, String feedback, String stageId,
                                               java.util.Map<String, String> hints, java.util.Map<String, Boolean> plan) {
        java.util.Map<String, Boolean> flags = new java.util.TreeMap<>();
        for (String s : java.util.List.of("lighting", "background", "detail")) {
            flags.put(s, Boolean.TRUE.equals(plan.get(s)));
        }
        return new ExecutionInput(tenant, sessionId, FEEDBACK_ROUND, feedback, stageId, 0, new java.util.TreeMap<>(hints), flags);
    }
}
