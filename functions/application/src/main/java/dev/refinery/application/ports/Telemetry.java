package dev.refinery.application.ports;

import java.util.List;

/**
 * What an operator watches, emitted by the handlers: every stage invocation (how long, how it ended, on which
 * engine, what the model cost) and every session's end (its status and, for NEEDS_REVIEW, which checks asked for
 * a person). In Lambda these are CloudWatch metrics in embedded metric format; elsewhere nothing is emitted.
 */
public interface Telemetry {
    /** How a stage invocation ended. */
    enum StageOutcome { APPROVED, REJECTED, ERROR }

    /**
     * @param engine  the engine that produced the version ({@code classic}, {@code openai}, {@code ingest}), or
     *                {@code unknown} when the stage failed before it knew
     * @param costUsd what the model call cost (0 for classic)
     * @param error   the error's class simple name for {@link StageOutcome#ERROR}, else null
     */
    void stageEnded(String tenant, String stage, String engine, StageOutcome outcome, long millis, double costUsd, String error);

    /**
     * @param status        COMPLETED, NEEDS_REVIEW or FAILED
     * @param failedChecks  for NEEDS_REVIEW, the quality checks that failed (cutout-edges, colour, …); empty otherwise
     */
    void sessionEnded(String tenant, String status, List<String> failedChecks);

    /** Emits nothing: the command line, the local stack and tests that do not look at metrics. */
    Telemetry NONE = new Telemetry() {
        @Override
        public void stageEnded(String tenant, String stage, String engine, StageOutcome outcome, long millis, double costUsd, String error) {
        }

        @Override
        public void sessionEnded(String tenant, String status, List<String> failedChecks) {
        }
    };
}
