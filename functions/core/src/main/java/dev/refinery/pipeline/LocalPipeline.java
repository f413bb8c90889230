package dev.refinery.pipeline;

import dev.refinery.domain.RefineryException;
import dev.refinery.domain.Session;
import dev.refinery.domain.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a session through the stages in-process, in the order the state machine does: base, the
 * editing stages, finalize, quality check, and a bounded fix-up loop back to the stage that can
 * repair a failure. Used by {@code make refine}; the deployed system runs the same service
 * methods from one Lambda per stage.
 */
public final class LocalPipeline {
    private final RefinementService service;
    private final int maxFixups;
    private final int maxAttempts;

    public LocalPipeline(RefinementService service, int maxFixups, int maxAttempts) {
        this.service = service;
        this.maxFixups = maxFixups;
        this.maxAttempts = maxAttempts;
    }

    /** Trace of what ran, in order, for reports. */
    public record Run(Session session, List<String> states, CheckOutcome lastCheck) {
    }

    public Run runFirstPass(String tenant, String sessionId) {
        List<String> states = new ArrayList<>();
        try {
            attempt(states, "Base", () -> service.base(tenant, sessionId));
            for (Stage stage : Stage.EDIT_STAGES) {
                attempt(states, name(stage), () -> service.edit(tenant, sessionId, stage, 0, null, Map.of(), false));
            }
            return finishLoop(tenant, sessionId, states, 0, null);
        } catch (RefineryException e) {
            states.add("RecordFailure");
            return new Run(service.fail(tenant, sessionId, e.reason()), states, null);
        }
    }

    /** A feedback round: the one edit the feedback asks for, then finalize, check and publish. */
    public Run runFeedbackRound(String tenant, String sessionId, String feedback) {
        List<String> states = new ArrayList<>();
        try {
            service.beginRound(tenant, sessionId);
            Stage stage = FeedbackRouter.stageFor(feedback);
            attempt(states, name(stage), () -> service.edit(tenant, sessionId, stage, 0, feedback, Map.of(), true));
            return finishLoop(tenant, sessionId, states, 0, null);
        } catch (RefineryException e) {
            states.add("RecordFailure");
            return new Run(service.fail(tenant, sessionId, e.reason()), states, null);
        }
    }

    private Run finishLoop(String tenant, String sessionId, List<String> states, int firstIteration, Map<String, String> firstHints) {
        int iteration = firstIteration;
        Map<String, String> finalizeHints = firstHints == null ? Map.of() : firstHints;
        while (true) {
            int it = iteration;
            Map<String, String> fh = finalizeHints;
            attempt(states, "Finalize", () -> service.finalizeAll(tenant, sessionId, it, fh));
            CheckOutcome check = attempt(states, "QualityCheck", () -> service.check(tenant, sessionId, it));
            if (check.passed()) {
                states.add("Publish");
                return new Run(service.complete(tenant, sessionId), states, check);
            }
            if (check.repairStage() == null || iteration >= maxFixups) {
                states.add("NeedsReview");
                return new Run(service.needsReview(tenant, sessionId, check.summary()), states, check);
            }
            iteration++;
            finalizeHints = CheckOutcome.finalizeHints(check.repairStage(), check.hints());
            if (check.repairStage() == Stage.FINALIZE) {
                continue;
            }
            Map<String, String> repairHints = CheckOutcome.repairHints(check.hints());
            for (Stage stage : Stage.EDIT_STAGES) {
                if (stage.ordinal() >= check.repairStage().ordinal()) {
                    int i2 = iteration;
                    boolean repairing = stage == check.repairStage();
                    attempt(states, name(stage), () -> service.edit(tenant, sessionId, stage, i2,
                            repairing ? check.feedback() : null, repairing ? repairHints : Map.of(), false));
                }
            }
        }
    }

    private <T> T attempt(List<String> states, String state, Supplier<T> step) {
        states.add(state);
        for (int i = 1; ; i++) {
            try {
                return step.get();
            } catch (RefineryException e) {
                if (!e.retryable() || i >= maxAttempts) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.min(8000, 500L << i));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static String name(Stage s) {
        return switch (s) {
            case BASE -> "Base";
            case LIGHTING -> "Lighting";
            case BACKGROUND -> "Background";
            case DETAIL -> "Detail";
            case FINALIZE -> "Finalize";
            case QUALITY_CHECK -> "QualityCheck";
        };
    }
}
