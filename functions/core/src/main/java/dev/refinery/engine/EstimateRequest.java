package dev.refinery.engine;

import dev.refinery.domain.Stage;
import java.util.List;
import java.util.Map;

/**
 * The work to estimate: a first pass or a feedback round of one session.
 *
 * @param presets   the session's presets (each scene preset renders a scene every round)
 * @param generate  whether the base image is generated from a prompt
 * @param width     the photo's width in pixels, 0 when not known (then the model's largest request is assumed)
 * @param height    the photo's height in pixels, 0 when not known
 * @param edits     model edits per edit stage (a first pass: one each; a round: its plan's steps)
 * @param maxFixups the fix-up loop's bound (each fix-up may run every edit stage and scene again)
 * @param scenesOnly only the scene presets' share (another engine's estimate covers the stages)
 */
public record EstimateRequest(String tenant, List<String> presets, boolean generate, int width, int height, Map<Stage, Integer> edits,
                              int maxFixups, boolean scenesOnly) {
    public EstimateRequest {
        presets = List.copyOf(presets);
        edits = edits == null ? Map.of() : Map.copyOf(edits);
    }

    /** A first pass: one edit per stage. */
    public static EstimateRequest firstPass(String tenant, List<String> presets, boolean generate, int width, int height, int maxFixups) {
        return new EstimateRequest(tenant, presets, generate, width, height, Map.of(Stage.LIGHTING, 1, Stage.BACKGROUND, 1, Stage.DETAIL, 1),
                maxFixups, false);
    }

    /** The same work's scenes alone. */
    public EstimateRequest scenes() {
        return new EstimateRequest(tenant, presets, false, width, height, Map.of(), maxFixups, true);
    }
}
