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

        // the head is now the round's lighting edit of a finished master: the next round does not cut out or detail it again
        Execution sharper = fx.workflow.feedbackRound(PipelineFixture.TENANT, id, "sharper");
        assertThat(sharper.statesEntered()).contains("FeedbackDetail").doesNotContain("FeedbackBackground", "FeedbackLighting");

        assertThatThrownBy(() -> fx.workflow.feedbackRound(PipelineFixture.TENANT, id, "make the background pink"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("amazon-main requires a pure white background");
        assertThat(fx.service.session(PipelineFixture.TENANT, id).round()).as("no round opened").isEqualTo(2);
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
        // one change each: the warmer step does not brighten again from the round's words (it did, +0.33 EV)
        assertThat(brighter.params()).containsEntry("exposureEv", "0.2500");
        assertThat(warmer.params()).containsEntry("exposureEv", "0.0000");
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

    @Test
    void theProductsTrueColourMovesItsMainColourOnlyAndTheCheckKnowsItWasAsked() {
        String id = fx.refine(photo.name(), photo.photo(), List.of("amazon-main")).session().id();
        List<String> firstPassFailures = failures(lastFinal(id));
        ImageVersion head = fx.latestApproved(id, Stage.DETAIL);
        int[] before = dev.refinery.color.ArgbPixels.of(fx.image(head)).argb();
        // a colour near the product's own (a camera's error, as a seller would name it in hex)
        double[] body = dev.refinery.color.BodyColourShift.body(before).lab();
        String hex = String.format("#%06x", dev.refinery.color.ColorMath.labToRgb(new double[] {body[0] - 2, body[1] + 3, body[2] + 4}));

        fx.workflow.feedbackRound(PipelineFixture.TENANT, id, "the product is " + hex);

        ImageVersion colour = fx.versions(id).stream().filter(v -> v.slot().round() == 1 && v.stage() == Stage.DETAIL).findFirst().orElseThrow();
        assertThat(colour.parent()).isEqualTo(head.number());
        assertThat(colour.params()).containsEntry("hint.colour", hex).containsKey("colour.delta").containsKey("effect.colour")
                .doesNotContainKey("effect.missed").containsEntry("enhance", "kept");
        assertThat(colour.params().get("summary")).contains("moved CIEDE2000").contains("print, labels and highlights kept");
        double[] after = dev.refinery.color.BodyColourShift.body(dev.refinery.color.ArgbPixels.of(fx.image(colour)).argb()).lab();
        double[] target = dev.refinery.color.NamedColours.find(hex).orElseThrow().lab();
        assertThat(dev.refinery.color.ColorMath.deltaE2000(after, target)).isLessThan(dev.refinery.color.ColorMath.deltaE2000(body, target));
        // the check predicted the asked-for colour from the photo: no undeclared change, nothing failed that had passed
        ImageVersion fin = lastFinal(id);
        assertThat(fin.parent()).isEqualTo(colour.number());
        assertThat(fin.params()).containsEntry("finding.colour-intent", "passed");
        assertThat(fin.params().get("finding.colour-intent.expected")).contains("the product colour asked for");
        assertThat(failures(fin)).isSubsetOf(firstPassFailures);
    }

    private static List<String> failures(ImageVersion rendition) {
        return dev.refinery.quality.StoredFindings.read(rendition).orElseThrow().failures().stream().map(dev.refinery.quality.Finding::check).toList();
    }

    @Test
    void aColourTooFarFromTheProductsIsMovedByTheBoundAndTheRoundSaysSo() {
        String id = fx.refine(photo.name(), photo.photo(), List.of("amazon-main")).session().id();
        double[] body = dev.refinery.color.BodyColourShift.body(
                dev.refinery.color.ArgbPixels.of(fx.image(fx.latestApproved(id, Stage.DETAIL))).argb()).lab();
        // the complementary colour: as far from the product's as a colour can be
        String hex = String.format("#%06x", dev.refinery.color.ColorMath.labToRgb(new double[] {body[0], -body[1], -body[2]}));

        fx.workflow.feedbackRound(PipelineFixture.TENANT, id, "make it " + hex);

        ImageVersion colour = fx.versions(id).stream().filter(v -> v.slot().round() == 1 && v.stage() == Stage.DETAIL).findFirst().orElseThrow();
        assertThat(Double.parseDouble(colour.params().get("colour.moved"))).isCloseTo(10.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(colour.params().get("effect.missed")).contains("only in part").contains("a different product");
        var session = fx.service.session(PipelineFixture.TENANT, id);
        assertThat(session.status()).isEqualTo(dev.refinery.domain.SessionStatus.NEEDS_REVIEW);
    }
}
