package dev.refinery.feedback;

import dev.refinery.domain.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a feedback round will do, and what it will not: the seller's requests as steps an engine carries out
 * (each with the stage that does it and the hints it is given), and the requests declined with the reason, so no
 * request is silently ignored.
 *
 * @param steps        in the pipeline's order (lighting before background before detail before framing)
 * @param declined     requests not carried out this round, each with why and what to ask instead
 * @param capabilities what the engine can do on these presets, in words a seller can type
 */
public record FeedbackPlan(List<Step> steps, List<Declined> declined, List<String> capabilities) {
    /** One request as the engine will carry it out. */
    public record Step(String request, String operation, Stage stage, Map<String, String> hints, String expected) {
        public Step {
            hints = Map.copyOf(hints);
        }
    }

    /** A request not carried out this round. */
    public record Declined(String request, String reason) {
    }

    /** A step's hint naming the measurable change it asks for ({@code brighter}, {@code sharper}, ...), checked after the step. */
    public static final String EXPECT = "expect";

    public FeedbackPlan {
        steps = List.copyOf(steps);
        declined = List.copyOf(declined);
        capabilities = List.copyOf(capabilities);
    }

    public boolean actionable() {
        return !steps.isEmpty();
    }

    /**
     * The stage the round starts with: the first edit stage of the steps in the pipeline's order, or
     * {@link Stage#FINALIZE} when the round only reframes.
     */
    public Stage stage() {
        return steps.stream().map(Step::stage).filter(s -> s != Stage.FINALIZE).findFirst().orElse(Stage.FINALIZE);
    }

    /**
     * The hints the round carries, each under its stage's id ({@code lighting.exposure}, {@code detail.sharpen},
     * {@code finalize.fill}): every stage of the round takes its own (finalize reads its carried corrections under
     * the same prefix).
     */
    public Map<String, String> hints() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Step s : steps) {
            // the stage's merged hints (what a repair of the stage later in the round applies): every request's change,
            // every measurable expectation, every instruction
            s.hints().forEach((k, v) -> out.merge(s.stage().id() + "." + k, v,
                    (a, b) -> k.equals(EXPECT) ? a + "," + b : k.equals("instruction") ? a + "; " + b : b));
        }
        // an edit stage with several requests runs them one version each: their own hints under step<k>.
        for (Stage stage : List.of(Stage.LIGHTING, Stage.BACKGROUND, Stage.DETAIL)) {
            List<Step> of = steps.stream().filter(st -> st.stage() == stage).toList();
            if (of.size() < 2) {
                continue;
            }
            out.put(stage.id() + "." + STEPS, String.valueOf(of.size()));
            for (int k = 0; k < of.size(); k++) {
                String prefix = stage.id() + ".step" + (k + 1) + ".";
                of.get(k).hints().forEach((key, v) -> out.put(prefix + key, v));
            }
        }
        return out;
    }

    /** Hint of an edit stage with several requests: how many; each one's hints follow under {@code step<k>.}. */
    public static final String STEPS = "steps";

    /** Which edit stages the round runs (the state machine's {@code plan} flags), each once, in the pipeline's order. */
    public Map<String, Boolean> editStages() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (Stage s : List.of(Stage.LIGHTING, Stage.BACKGROUND, Stage.DETAIL)) {
            out.put(s.id(), steps.stream().anyMatch(st -> st.stage() == s));
        }
        return out;
    }

    /** The answer to the seller, in one paragraph: what will be done, what will not and why, what can be asked. */
    public String answer() {
        List<String> parts = new ArrayList<>();
        if (!steps.isEmpty()) {
            parts.add("Will do: " + String.join("; ", steps.stream().map(s -> s.request() + " → " + s.expected()).toList()) + ".");
        }
        if (!declined.isEmpty()) {
            parts.add("Not done: " + String.join("; ", declined.stream().map(d -> "\"" + d.request() + "\" — " + d.reason()).toList()) + ".");
            parts.add("You can ask for: " + String.join(", ", capabilities) + ".");
        }
        return String.join(" ", parts);
    }
}
