package dev.refinery.imaging.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.color.Masks;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.Stage;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SyntheticPhotos;
import dev.refinery.workflow.runner.Execution;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Feedback rounds through the repo's state machine with the real classic engine and finisher: each request the
 * grammar accepts has its effect, in range, on the version it makes; what it cannot do is declined before any
 * round opens (before, "make the product bigger" re-sharpened and "make the background pink" changed nothing,
 * both COMPLETED).
 */
class FeedbackRoundsTest {
    private final PipelineFixture fx = new PipelineFixture();
    private final SamplePhoto photo = new SyntheticPhotos().standardSet(2024).get(0);

    private ImageVersion lastFinal(String id) {
        return fx.versions(id).stream().filter(v -> v.stage() == Stage.FINALIZE).reduce((a, b) -> b).orElseThrow();
    }

    private static double fill(ImageVersion v) {
        return Double.parseDouble(v.params().get("fill"));
    }

    @Test
    void biggerReframesOnlyAndStaysInThePresetsRange() {
        String id = fx.refine(photo.name(), photo.photo(), List.of("amazon-main")).session().id();
        double before = fill(lastFinal(id));
        int versions = fx.versions(id).size();

        Execution round = fx.workflow.feedbackRound(PipelineFixture.TENANT, id, "make the product bigger");

        assertThat(round.statesEntered()).startsWith("Mode", "StartFeedbackRound", "FeedbackStage", "Finalize")
                .doesNotContain("FeedbackLighting", "FeedbackBackground", "FeedbackDetail");
        ImageVersion after = lastFinal(id);
        assertThat(fill(after) - before).as("fill %.3f → %.3f", before, fill(after)).isGreaterThanOrEqualTo(0.02);
        assertThat(fill(after)).isBetween(0.85, 0.90);
        assertThat(after.slot().round()).isEqualTo(1);
        // no edit version in the round: the master is unchanged
        assertThat(fx.versions(id).subList(versions, fx.versions(id).size())).noneMatch(v -> v.stage() == Stage.DETAIL || v.stage() == Stage.LIGHTING);
    }

    @Test
    void brighterRaisesTheExposureByWhatWasAskedAndTheOtherRequestIsDeclinedUpFront() {
        String id = fx.refine(photo.name(), photo.photo(), List.of("amazon-main")).session().id();
        ImageVersion firstLighting = fx.latestApproved(id, Stage.LIGHTING);

        fx.workflow.feedbackRound(PipelineFixture.TENANT, id, "a little brighter");

        ImageVersion lighting = fx.latestApproved(id, Stage.LIGHTING);
        assertThat(lighting.slot().round()).isEqualTo(1);
        assertThat(lighting.params()).containsEntry("hint.exposure", "+0.25");
        assertThat(lighting.params().get("summary")).contains("as asked: +0.25 EV");
        assertThat(lighting.number()).isNotEqualTo(firstLighting.number());

        assertThatThrownBy(() -> fx.workflow.feedbackRound(PipelineFixture.TENANT, id, "make the background pink"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("amazon-main requires a pure white background");
        assertThat(fx.service.session(PipelineFixture.TENANT, id).round()).as("no round opened").isEqualTo(1);
    }

    @Test
    void everyMeasurableRequestOfTheGrammarIsCarriedOutAsMeasured() {
        // the check's feedback-effect finding must never fire on the classic engine's own steps
        String id = fx.refine(photo.name(), photo.photo(), List.of("amazon-main")).session().id();
        for (String request : List.of("a little darker", "a little warmer", "cooler", "smoother", "sharper")) {
            fx.workflow.feedbackRound(PipelineFixture.TENANT, id, request);
            int round = fx.service.session(PipelineFixture.TENANT, id).round();
            ImageVersion edit = fx.versions(id).stream().filter(v -> v.slot().round() == round && v.params().containsKey("hint.expect"))
                    .findFirst().orElseThrow();
            assertThat(edit.params()).as(request).doesNotContainKey("effect.missed");
            assertThat(edit.params().keySet()).as(request).anyMatch(k -> k.startsWith("effect."));
        }
    }

    @Test
    void twoRequestsForOneStageAreTwoVersionsOneChangeEach() {
        String id = fx.refine(photo.name(), photo.photo(), List.of("amazon-main")).session().id();

        Execution round = fx.workflow.feedbackRound(PipelineFixture.TENANT, id, "a little brighter and warmer");

        assertThat(round.statesEntered()).containsSubsequence("FeedbackLighting", "AfterFeedbackLighting", "Finalize");
        List<ImageVersion> lighting = fx.versions(id).stream().filter(v -> v.slot().round() == 1 && v.stage() == Stage.LIGHTING).toList();
        assertThat(lighting).hasSize(2);
        ImageVersion brighter = lighting.get(0), warmer = lighting.get(1);
        assertThat(brighter.slot().step()).isZero();
        assertThat(warmer.slot().step()).isEqualTo(1);
        assertThat(warmer.parent()).as("the second change builds on the first").isEqualTo(brighter.number());
        assertThat(brighter.params()).containsEntry("operation.exposure", "+0.25").doesNotContainKey("operation.warmth")
                .containsKey("effect.brighter").doesNotContainKey("effect.missed");
        assertThat(warmer.params()).containsEntry("operation.warmth", "+0.040").doesNotContainKey("operation.exposure")
                .containsKey("effect.warmer").doesNotContainKey("effect.missed");
        // each records the stage's merged hints, so a repair of lighting later in the round keeps both changes
        assertThat(warmer.params()).containsEntry("hint.exposure", "+0.25").containsEntry("hint.warmth", "+0.040");
        assertThat(lastFinal(id).parent()).isEqualTo(warmer.number());
    }

    @Test
    void requestsForSeveralStagesRunInOneRoundOneVersionEachInThePipelinesOrder() {
        String id = fx.refine(photo.name(), photo.photo(), List.of("amazon-main")).session().id();

        Execution round = fx.workflow.feedbackRound(PipelineFixture.TENANT, id, "sharper, and a little brighter");

        assertThat(round.statesEntered()).containsSubsequence("FeedbackLighting", "AfterFeedbackLighting", "FeedbackDetail", "Finalize");
        assertThat(round.statesEntered()).doesNotContain("FeedbackBackground");
        ImageVersion lighting = fx.versions(id).stream().filter(v -> v.slot().round() == 1 && v.stage() == Stage.LIGHTING).findFirst().orElseThrow();
        ImageVersion detail = fx.versions(id).stream().filter(v -> v.slot().round() == 1 && v.stage() == Stage.DETAIL).findFirst().orElseThrow();
        assertThat(lighting.params()).containsEntry("hint.exposure", "+0.25").doesNotContainKey("hint.sharpen");
        assertThat(detail.params()).containsEntry("hint.sharpen", "strong").doesNotContainKey("hint.exposure");
        assertThat(detail.parent()).as("detail builds on the round's lighting").isEqualTo(lighting.number());
        assertThat(lastFinal(id).parent()).isEqualTo(detail.number());
    }

    @Test
    void revertToBeforeTheCutOutThenFeedbackGivesACutOutFinalNotTheWholePhoto() {
        // the feedback issue: revert + feedback gave the whole wooden-floor photo on white, reported COMPLETED
        String id = fx.refine(photo.name(), photo.photo(), List.of("amazon-main")).session().id();
        ImageVersion lighting = fx.latestApproved(id, Stage.LIGHTING);
        fx.service.revert(PipelineFixture.TENANT, id, lighting.number());

        Execution round = fx.workflow.feedbackRound(PipelineFixture.TENANT, id, "a little brighter");

        assertThat(round.statesEntered()).containsSubsequence("FeedbackLighting", "AfterFeedbackLighting", "FeedbackBackground",
                "AfterFeedbackBackground", "FeedbackDetail", "Finalize");
        ImageVersion cut = fx.versions(id).stream().filter(v -> v.slot().round() == 1 && v.stage() == Stage.BACKGROUND).findFirst().orElseThrow();
        assertThat(Masks.alphaOf(fx.image(cut))).as("a cut-out").contains(0f);
        ImageVersion fin = lastFinal(id);
        assertThat(fill(fin)).isBetween(0.85, 0.90);
        assertThat(Double.parseDouble(fin.metrics().getOrDefault("check.purity", 0.0).toString())).isGreaterThanOrEqualTo(0.99);
    }
}
