package dev.refinery.application;

import dev.refinery.application.ports.ExecutionInput;
import dev.refinery.application.ports.SessionEvent;
import dev.refinery.application.ports.SessionEventLog;
import dev.refinery.application.ports.WorkflowStarter;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.Stage;
import dev.refinery.feedback.FeedbackPlan;
import dev.refinery.feedback.RoundPlanning;
import dev.refinery.pipeline.RefinementService;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens a planned feedback round and starts its execution: the one way for the seller's feedback (the API) and
 * for the catalog refresh's replay of the rounds a seller approved ({@link RecipeReplay}). The round's request is
 * recorded with the seller's words, so a later refresh can replay it.
 */
public final class FeedbackRounds {
    /** The session event of a round's request; its detail holds {@code round}, {@code stage}, {@code plan}, {@code feedback}. */
    public static final String ROUND_REQUESTED = "round-requested";

    private final RefinementService service;
    private final SessionEventLog events;
    private final WorkflowStarter starter;
    private final Clock clock;

    public FeedbackRounds(RefinementService service, SessionEventLog events, WorkflowStarter starter, Clock clock) {
        this.service = service;
        this.events = events;
        this.starter = starter;
        this.clock = clock;
    }

    /** A round that started: the session in it, its execution and its first stage. */
    public record Started(Session session, String executionName, Stage firstStage) {
    }

    /**
     * Opens the round (the session must not be running) and starts its execution with the plan's stages and hints.
     *
     * @param versions the session's versions, read once with the plan
     * @param via      who asked ({@code seller}, {@code replay}), recorded with the request
     */
    public Started start(String tenant, String sessionId, String feedback, FeedbackPlan plan, List<ImageVersion> versions, String via) {
        Session s = service.beginRound(tenant, sessionId);
        RoundPlanning.Run run = RoundPlanning.run(plan, s, versions);
        Stage stage = Stage.fromId(run.firstStage());
        String name = ExecutionNames.forRound(sessionId, s.round());
        try {
            starter.start(name, ExecutionInput.feedbackRound(tenant, sessionId, feedback, stage.id(), plan.hints(), run.editStages()));
        } catch (RuntimeException e) {
            // Leave no session stuck in RUNNING when the round could not start.
            service.fail(tenant, sessionId, "The refinement round could not be started — send the feedback again");
            throw e;
        }
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("round", String.valueOf(s.round()));
        detail.put("stage", stage.id());
        detail.put("plan", plan.answer());
        detail.put("feedback", feedback);
        detail.put("operations", String.join(",", plan.steps().stream().map(FeedbackPlan.Step::operation).toList()));
        detail.put("via", via);
        events.append(new SessionEvent(tenant, sessionId, clock.instant(), ROUND_REQUESTED, detail));
        return new Started(s, name, stage);
    }
}
