package dev.refinery.feedback;

import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Session;
import dev.refinery.domain.Stage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The plan of a session's next feedback round, from its engine, its presets and its current finals: one way for every caller. */
public final class RoundPlanning {
    private RoundPlanning() {
    }

    public static FeedbackPlan plan(Session s, List<ImageVersion> versions, PresetCatalog presets, String feedback) {
        return plan(FreeTextPlanner.forEngine(s.engine()), s, versions, presets, feedback);
    }

    /** The plan from the given planner (the session engine's own, where it has one: {@link dev.refinery.engine.RefinementEngine#planner()}). */
    public static FeedbackPlan plan(FeedbackPlanner planner, Session s, List<ImageVersion> versions, PresetCatalog presets, String feedback) {
        return planner.plan(feedback, context(s, versions, presets));
    }

    /** What a round runs: its first stage and which edit stages run (the state machine's {@code feedbackStage} and {@code plan}). */
    public record Run(String firstStage, Map<String, Boolean> editStages) {
    }

    /**
     * The round for a plan on this session's head: the plan's edit stages, plus every edit stage the head's lineage
     * has not been through. A head reverted to before the cut-out (version 2, lighting) would otherwise be finalized
     * whole: the wooden floor on white, reported COMPLETED (the feedback issue); the cut-out and detail now run again
     * on it. A head that is a round's lighting edit of a finished master has been through them all.
     */
    public static Run run(FeedbackPlan plan, Session s, List<ImageVersion> versions) {
        Map<String, Boolean> stages = new java.util.LinkedHashMap<>(plan.editStages());
        for (Stage missing : stagesMissingFromHead(s, versions)) {
            stages.put(missing.id(), true);
        }
        String first = Stage.EDIT_STAGES.stream().filter(st -> Boolean.TRUE.equals(stages.get(st.id()))).findFirst()
                .map(Stage::id).orElse(Stage.FINALIZE.id());
        return new Run(first, stages);
    }

    /**
     * The edit stages the head's lineage has not been through. Before, the stages after the head's own stage: a
     * round's lighting edit of a finished master (a "brighter" round) made the next round cut the product out and
     * detail it again — a needless model call each with the openai engine (seen running docs/feedback.md's example).
     */
    public static List<Stage> stagesMissingFromHead(Session s, List<ImageVersion> versions) {
        java.util.Map<Integer, ImageVersion> byNumber = new java.util.HashMap<>();
        versions.forEach(v -> byNumber.put(v.number(), v));
        java.util.Set<Stage> seen = java.util.EnumSet.noneOf(Stage.class);
        ImageVersion cur = byNumber.get(s.head());
        if (cur == null) {
            return List.of();
        }
        while (cur != null) {
            seen.add(cur.stage());
            cur = cur.parent() == 0 || cur.parent() == cur.number() ? null : byNumber.get(cur.parent());
        }
        return Stage.EDIT_STAGES.stream().filter(st -> !seen.contains(st)).toList();
    }

    public static PlanContext context(Session s, List<ImageVersion> versions, PresetCatalog presets) {
        Map<String, Double> fill = new HashMap<>();
        s.finals().forEach((preset, number) -> versions.stream().filter(v -> v.number() == number).findFirst()
                .map(v -> v.params().get("fill")).ifPresent(f -> {
                    try {
                        fill.put(preset, Double.parseDouble(f));
                    } catch (NumberFormatException ignored) {
                        // a rendition without a readable fill: framing starts from the preset's target
                    }
                }));
        return new PlanContext(s.engine(), s.presets().stream().map(id -> presets.get(s.tenant(), id, s.facts())).toList(), fill, s.tenant());
    }
}
