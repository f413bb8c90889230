package dev.refinery.aws.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.aws.Engines;
import dev.refinery.application.Outcomes;
import dev.refinery.application.ports.RefinementEvent;
import dev.refinery.aws.testing.Fixtures;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.pipeline.StartRequest;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StageHandlersTest {
    private final TestEngines.CutoutEngine engine = new TestEngines.CutoutEngine("classic");
    private final Fixtures.Memory mem = new Fixtures.Memory(Fixtures.config(),
            new Engines(List.of(engine), new TestEngines.DecodingIngestor(), new TestEngines.CentringFinisher()), Clock.systemUTC());
    private Session session;

    @BeforeEach
    void upload() {
        String key = "uploads/acme/SKU-1/photo.jpg";
        mem.images.put(key, TestEngines.productPhoto(320, 240), "image/jpeg", Map.of());
        session = mem.wiring.service().start(new StartRequest("acme", "s-1", "SKU-1", Source.upload(Fixtures.BUCKET, key, "v1"),
                List.of("amazon-main"), "classic", "generic", Map.of()));
    }

    private Map<String, Object> input(Object... kv) {
        Map<String, Object> in = new HashMap<>();
        in.put("tenant", "acme");
        in.put("sessionId", session.id());
        in.put("iteration", 0);
        for (int i = 0; i < kv.length; i += 2) {
            in.put((String) kv[i], kv[i + 1]);
        }
        return in;
    }

    @Test
    void theFirstPassAnswersTheContractsShapes() {
        Map<String, Object> base = new BaseStageHandler(mem.wiring).handleRequest(input(), null);
        assertThat(base).containsEntry("stage", "base").containsEntry("version", 1).containsEntry("approved", true)
                .containsEntry("tenant", "acme").containsEntry("sessionId", "s-1");
        assertThat(new LightingStageHandler(mem.wiring).handleRequest(input(), null)).containsEntry("version", 2);
        assertThat(new BackgroundStageHandler(mem.wiring).handleRequest(input(), null)).containsEntry("stage", "background");
        assertThat(new DetailStageHandler(mem.wiring).handleRequest(input(), null)).containsEntry("version", 4);
        Map<String, Object> fin = new FinalizeStageHandler(mem.wiring).handleRequest(input(), null);
        assertThat(fin).containsEntry("stage", "finalize").containsEntry("versions", List.of(5));
        Map<String, Object> check = new QualityCheckStageHandler(mem.wiring).handleRequest(input(), null);
        assertThat(check).containsKeys("passed", "repairStage", "feedback", "hints", "summary");
        assertThat(mem.sessions.find("acme", "s-1").orElseThrow().status()).isEqualTo(SessionStatus.RUNNING);
    }

    @Test
    void aRetriedStageReplacesItsOwnVersion() {
        new BaseStageHandler(mem.wiring).handleRequest(input(), null);
        assertThat(new LightingStageHandler(mem.wiring).handleRequest(input(), null)).containsEntry("version", 2);
        assertThat(new LightingStageHandler(mem.wiring).handleRequest(input(), null)).containsEntry("version", 2);
        assertThat(mem.sessions.versions("acme", "s-1")).hasSize(2);
    }

    @Test
    void feedbackReachesOnlyTheStageItIsFor() {
        new BaseStageHandler(mem.wiring).handleRequest(input(), null);
        new LightingStageHandler(mem.wiring).handleRequest(input("repairStage", "background", "feedback", "cut tighter"), null);
        assertThat(engine.lastFeedback).isNull();
        new BackgroundStageHandler(mem.wiring).handleRequest(input("iteration", 1, "repairStage", "background", "feedback", "cut tighter",
                "hints", Map.of("segmentation", "strict")), null);
        assertThat(engine.lastFeedback).isEqualTo("cut tighter");
        assertThat(mem.sessions.versions("acme", "s-1").get(2).params()).containsEntry("hint.segmentation", "strict");
        new DetailStageHandler(mem.wiring).handleRequest(input("mode", "feedback-round", "feedbackStage", "detail", "feedback", "sharper label"), null);
        assertThat(engine.lastFeedback).isEqualTo("sharper label");
    }

    @Test
    void finalizeGetsItsCarriedHintsWhenAnEarlierStageIsRepaired() {
        new BaseStageHandler(mem.wiring).handleRequest(input(), null);
        new LightingStageHandler(mem.wiring).handleRequest(input(), null);
        new BackgroundStageHandler(mem.wiring).handleRequest(input(), null);
        new DetailStageHandler(mem.wiring).handleRequest(input(), null);
        // the fix-up guidance of a check that failed on purity (background) and on fill (finalize)
        Object[] guidance = {"iteration", 1, "repairStage", "background", "feedback", "stray backdrop",
                "hints", Map.of("segmentation", "strict", "finalize.fill", "0.88")};
        new BackgroundStageHandler(mem.wiring).handleRequest(input(guidance), null);
        new DetailStageHandler(mem.wiring).handleRequest(input(guidance), null);
        new FinalizeStageHandler(mem.wiring).handleRequest(input(guidance), null);
        var versions = mem.sessions.versions("acme", "s-1");
        var background = versions.stream().filter(v -> v.stage() == dev.refinery.domain.Stage.BACKGROUND && v.slot().iteration() == 1).findFirst().orElseThrow();
        assertThat(background.params()).containsEntry("hint.segmentation", "strict").doesNotContainKey("hint.finalize.fill");
        var rendition = versions.stream().filter(v -> v.stage() == dev.refinery.domain.Stage.FINALIZE).findFirst().orElseThrow();
        assertThat(rendition.params()).containsEntry("hint.fill", "0.88").doesNotContainKey("hint.segmentation");
    }

    @Test
    void aFailingStageRecordsItsFullReasonAndTheRecorderUsesIt() {
        mem.images.put("uploads/acme/SKU-1/photo.jpg", new byte[] {1, 2, 3}, "image/jpeg", Map.of());
        assertThatThrownBy(() -> new BaseStageHandler(mem.wiring).handleRequest(input(), null)).isInstanceOf(InvalidInputException.class);
        assertThat(mem.events.events("acme", "s-1")).anyMatch(e -> e.type().equals(Outcomes.STAGE_ERROR));

        String cause = "{\"errorMessage\":\"'photo.jpg' is not an image we can read\",\"errorType\":\"dev.refinery.domain.InvalidInputException\"}";
        Map<String, Object> out = new FailureRecorderHandler(mem.wiring).handleRequest(input("error",
                Map.of("Error", "dev.refinery.domain.InvalidInputException", "Cause", cause)), null);
        assertThat(out).containsEntry("status", "FAILED");
        assertThat((String) out.get("reason")).isEqualTo("'photo.jpg' is not an image we can read — upload a JPEG, PNG or WebP photo");
        assertThat(mem.notifier.events()).singleElement().satisfies(e -> {
            assertThat(e.detailType()).isEqualTo(RefinementEvent.FAILED);
            assertThat(e.reason()).contains("upload a JPEG");
        });
    }

    @Test
    void theRecorderExplainsErrorsNoStageRecorded() {
        Map<String, Object> out = new FailureRecorderHandler(mem.wiring).handleRequest(input("error",
                Map.of("Error", "States.Timeout", "Cause", "")), null);
        assertThat((String) out.get("reason")).contains("took too long");
        Map<String, Object> npe = new FailureRecorderHandler(mem.wiring).handleRequest(input("error",
                Map.of("Error", "java.lang.NullPointerException", "Cause", "{\"errorMessage\":\"Cannot invoke x on null\"}")), null);
        assertThat((String) npe.get("reason")).doesNotContain("Cannot invoke").contains("NullPointerException");
    }

    @Test
    void thePublisherMarksTheOutcomeAndAnnouncesIt() {
        Map<String, Object> out = new PublisherHandler(mem.wiring).handleRequest(input("outcome", "NEEDS_REVIEW", "summary", "amazon-main: fill 0.95"), null);
        assertThat(out).containsEntry("status", "NEEDS_REVIEW");
        assertThat(mem.sessions.find("acme", "s-1").orElseThrow().reason()).isEqualTo("amazon-main: fill 0.95");
        assertThat(mem.notifier.events()).singleElement().extracting(RefinementEvent::detailType).isEqualTo(RefinementEvent.NEEDS_REVIEW);
        assertThatThrownBy(() -> new PublisherHandler(mem.wiring).handleRequest(input("outcome", "DONE"), null))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void malformedStageInputIsRefusedClearly() {
        assertThatThrownBy(() -> new LightingStageHandler(mem.wiring).handleRequest(Map.of("sessionId", "s-1"), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("tenant");
        assertThatThrownBy(() -> new LightingStageHandler(mem.wiring).handleRequest(input("iteration", "two"), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("iteration");
    }
}
