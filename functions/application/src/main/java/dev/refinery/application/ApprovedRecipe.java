package dev.refinery.application;

import dev.refinery.application.ports.SessionEvent;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.Stage;
import dev.refinery.pipeline.RefinementService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The seller's words of the feedback rounds a session kept, in order: what a catalog refresh replays on today's
 * engine. A round is kept when its edits are in the lineage of the session's head (the latest seller-approved
 * version, else the latest one the checks approved), or, for a round that only reframed, when the session's
 * finals come from it or a later round. A round reverted away, or whose edits the checks rejected, is not.
 */
public final class ApprovedRecipe {
    private ApprovedRecipe() {
    }

    public static List<String> of(Session s, List<ImageVersion> versions, List<SessionEvent> events) {
        Map<Integer, String> feedbackByRound = new TreeMap<>();
        for (SessionEvent e : events) {
            String round = e.detail().get("round"), feedback = e.detail().get("feedback");
            if (FeedbackRounds.ROUND_REQUESTED.equals(e.type()) && round != null && feedback != null && !feedback.isBlank()) {
                feedbackByRound.put(Integer.parseInt(round), feedback);
            }
        }
        ImageVersion head = versions.stream().filter(v -> v.number() == s.head()).findFirst().orElse(null);
        if (feedbackByRound.isEmpty() || head == null) {
            return List.of();
        }
        Set<Integer> inLineage = new HashSet<>();
        for (ImageVersion v : RefinementService.lineage(versions, head)) {
            inLineage.add(v.slot().round());
        }
        Set<Integer> withEdits = new HashSet<>();
        for (ImageVersion v : versions) {
            if (Stage.EDIT_STAGES.contains(v.stage())) {
                withEdits.add(v.slot().round());
            }
        }
        int finalsRound = versions.stream().filter(v -> s.finals().containsValue(v.number()))
                .mapToInt(v -> v.slot().round()).max().orElse(0);
        List<String> out = new ArrayList<>();
        feedbackByRound.forEach((round, feedback) -> {
            boolean kept = withEdits.contains(round) ? inLineage.contains(round) : round <= finalsRound;
            if (kept) {
                out.add(feedback);
            }
        });
        return out;
    }
}
