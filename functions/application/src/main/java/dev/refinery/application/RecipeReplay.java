package dev.refinery.application;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.application.ports.SessionEvent;
import dev.refinery.application.ports.SessionEventLog;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.feedback.FeedbackPlan;
import dev.refinery.feedback.RoundPlanning;
import dev.refinery.pipeline.RefinementService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog refresh's replay of a seller's approved rounds (the feedback issue, "approved stays approved"): a
 * refreshed session first runs a first pass with today's engine, then each approved round's feedback again, in
 * order, each planned for the new session's engine and presets. A request the new presets forbid (or the engine
 * cannot do) is skipped with the planner's reason, and the session then ends NEEDS_REVIEW saying so, never
 * COMPLETED as if the seller's approved look had been kept. The recipe and each step taken are session events, so
 * the publisher continues where the last round ended.
 */
public final class RecipeReplay {
    public static final String RECIPE = "replay-recipe";
    static final String STEP = "replay-step";
    /** The replay ended (and was reported once): later rounds, the seller's own, are published as any round. */
    static final String DONE = "replay-done";

    private final RefinementService service;
    private final SessionEventLog events;
    private final FeedbackRounds rounds;
    private final Clock clock;

    public RecipeReplay(RefinementService service, SessionEventLog events, FeedbackRounds rounds, Clock clock) {
        this.service = service;
        this.events = events;
        this.rounds = rounds;
        this.clock = clock;
    }

    /** Gives a new session the recipe to replay after its first pass. */
    public void attach(String tenant, String sessionId, List<String> recipe, String fromSession) {
        if (recipe.isEmpty()) {
            return;
        }
        events.append(new SessionEvent(tenant, sessionId, clock.instant(), RECIPE,
                Map.of("rounds", JsonText.write(recipe), "from", fromSession == null ? "" : fromSession)));
    }

    /** Where a replay stands after a round ended. */
    public sealed interface Next {
    }

    /** The session replays nothing. */
    public record Nothing() implements Next {
    }

    /** The next approved round started. */
    public record Started(FeedbackRounds.Started round) implements Next {
    }

    /** Every round was replayed; {@code skipped} lists the requests left out, with the reason (empty: all carried out). */
    public record Done(List<String> skipped) implements Next {
    }

    /** After a round of {@code s} ended (published): starts the recipe's next round that has something to do, or says it is done. */
    public Next next(Session s) {
        List<SessionEvent> log = events.events(s.tenant(), s.id());
        SessionEvent recipeEvent = log.stream().filter(e -> RECIPE.equals(e.type())).max(Comparator.comparing(SessionEvent::at)).orElse(null);
        if (recipeEvent == null || log.stream().anyMatch(e -> DONE.equals(e.type()))) {
            return new Nothing();
        }
        List<String> recipe = new ArrayList<>();
        JsonNode stored = JsonText.tree(recipeEvent.detail().get("rounds"));
        stored.forEach(n -> recipe.add(n.asText()));
        List<String> skipped = new ArrayList<>();
        int next = 0;
        for (SessionEvent e : log) {
            if (STEP.equals(e.type())) {
                next = Math.max(next, Integer.parseInt(e.detail().get("index")) + 1);
                String declined = e.detail().get("declined");
                if (declined != null && !declined.isEmpty()) {
                    skipped.add(declined);
                }
            }
        }
        List<ImageVersion> versions = null;
        while (next < recipe.size()) {
            String feedback = recipe.get(next);
            versions = versions == null ? service.versions(s.tenant(), s.id()) : versions;
            FeedbackPlan plan = RoundPlanning.plan(service.planner(s.engine()), s, versions, service.presets(), feedback);
            String declined = String.join("; ", plan.declined().stream().map(d -> "\"" + d.request() + "\" — " + d.reason()).toList());
            Map<String, String> detail = new LinkedHashMap<>();
            detail.put("index", String.valueOf(next));
            detail.put("feedback", feedback);
            detail.put("declined", declined);
            events.append(new SessionEvent(s.tenant(), s.id(), clock.instant(), STEP, detail));
            if (!declined.isEmpty()) {
                skipped.add(declined);
            }
            if (plan.actionable()) {
                return new Started(rounds.start(s.tenant(), s.id(), feedback, plan, versions, "replay"));
            }
            next++;
        }
        events.append(new SessionEvent(s.tenant(), s.id(), clock.instant(), DONE, Map.of("skipped", String.valueOf(skipped.size()))));
        return new Done(skipped);
    }
}
