package dev.refinery.aws.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.application.SessionApi;
import dev.refinery.aws.Engines;
import dev.refinery.aws.Json;
import dev.refinery.aws.testing.Fixtures;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.engine.CostEstimate;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.EstimateRequest;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.pipeline.StartRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cost estimate the API answers when work starts (the AI-studio issue): what is priced for a first pass and a
 * round, and work whose upper bound would cross the tenant's cap refused before anything starts. The engine's prices
 * are the openai engine's to test (OpenAiEngineTest); here an engine answers $0.05 a model call.
 */
class CostEstimateTest {
    private static final String TENANT = "tenant-a";
    private static final double PER_CALL = 0.05;

    /** The test engine's cut-outs, priced per model call; what it was asked to price is kept. */
    static final class PricedEngine implements RefinementEngine {
        final TestEngines.CutoutEngine work = new TestEngines.CutoutEngine("openai");
        final List<EstimateRequest> asked = new ArrayList<>();
        volatile Double capRemaining;

        @Override
        public String id() {
            return "openai";
        }

        @Override
        public EditResult edit(Stage stage, EditRequest request) {
            return work.edit(stage, request);
        }

        /** The classic grammar's plans, so a round's steps are known (the openai engine's model plans alike). */
        @Override
        public dev.refinery.feedback.FeedbackPlanner planner() {
            return new dev.refinery.feedback.ClassicGrammar();
        }

        @Override
        public CostEstimate estimate(EstimateRequest r) {
            asked.add(r);
            int calls = r.edits().values().stream().mapToInt(Integer::intValue).sum();
            int max = calls * 2 + r.maxFixups() * 3 * 2;
            return new CostEstimate(calls * PER_CALL, max * PER_CALL, calls, max, Map.of(), capRemaining, "test prices");
        }
    }

    private final PricedEngine priced = new PricedEngine();
    private final Fixtures.Memory mem = new Fixtures.Memory(Fixtures.config(),
            new Engines(List.of(new TestEngines.CutoutEngine("classic"), priced), new TestEngines.DecodingIngestor(), new TestEngines.CentringFinisher()),
            Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC));

    private String upload(String sku) {
        String key = "uploads/tenant-a/" + sku + "/p.png";
        mem.images.put(key, TestEngines.productPhoto(400, 300), "image/png", Map.of());
        return key;
    }

    private com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent start(String sku, String engine) {
        return new ApiHandler(mem.wiring).handleRequest(Fixtures.api("POST", "/sessions", TENANT,
                Map.of("uploadKey", upload(sku), "engine", engine, "presets", List.of("amazon-main"))), null);
    }

    @Test
    void aFirstPassIsPricedAsARangeAndTheClassicEngineIsFree() {
        var classic = start("MUG-1", "classic");
        assertThat(classic.getStatusCode()).isEqualTo(202);
        assertThat(Json.tree(classic.getBody()).path("estimate").path("highUsd").asDouble(-1)).isZero();

        var ai = start("MUG-2", "openai");
        assertThat(ai.getStatusCode()).isEqualTo(202);
        var estimate = Json.tree(ai.getBody()).path("estimate");
        // one model call per edit stage; at the fix-up loop's bound every call twice and every stage again per fix-up
        assertThat(estimate.path("lowUsd").asDouble()).isEqualTo(3 * PER_CALL, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(estimate.path("highUsd").asDouble()).isEqualTo((6 + 2 * 3 * 2) * PER_CALL, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(priced.asked).singleElement().satisfies(r -> {
            assertThat(r.edits()).containsEntry(Stage.LIGHTING, 1).containsEntry(Stage.BACKGROUND, 1).containsEntry(Stage.DETAIL, 1);
            assertThat(r.maxFixups()).isEqualTo(mem.config.maxFixups());
            assertThat(r.generate()).isFalse();
            assertThat(r.presets()).containsExactly("amazon-main");
        });
    }

    @Test
    void workWhoseUpperBoundWouldCrossTheCapIsRefusedBeforeAnythingStarts() {
        priced.capRemaining = 0.50;
        var refused = start("MUG-3", "openai");
        assertThat(refused.getStatusCode()).isEqualTo(402);
        var body = Json.tree(refused.getBody());
        assertThat(body.path("error").asText()).isEqualTo("budget_exceeded");
        assertThat(body.path("message").asText()).contains("up to $0.90").contains("at least $0.15").contains("leaves $0.50");
        assertThat(body.path("hint").asText()).contains("classic engine");
        assertThat(mem.sessions.findBySku(TENANT, "MUG-3")).as("no session").isEmpty();
        assertThat(mem.starter.executions()).as("nothing started").isEmpty();
        // enough left for the upper bound: it starts
        priced.capRemaining = 0.90;
        assertThat(start("MUG-3", "openai").getStatusCode()).isEqualTo(202);
    }

    @Test
    void aRoundIsPricedByItsPlannedModelEditsAndTheProductColourCostsNothing() {
        var service = mem.wiring.service();
        var s = service.start(new StartRequest(TENANT, null, "MUG-4", Source.upload(Fixtures.BUCKET, upload("MUG-4"), null),
                List.of("amazon-main"), "openai", "mugs", Map.of()));
        service.base(TENANT, s.id());
        for (Stage stage : Stage.EDIT_STAGES) {
            service.edit(TENANT, s.id(), stage, 0, null, Map.of(), false);
        }
        service.complete(TENANT, s.id());

        var round = mem.wiring.api().refine(TENANT, s.id(), new SessionApi.RefinementRequest("a little brighter and the mug is navy"));

        // the brighter is one model edit; the colour is computed (no call); background is not run
        assertThat(priced.asked).singleElement().satisfies(r -> assertThat(r.edits())
                .containsEntry(Stage.LIGHTING, 1).containsEntry(Stage.DETAIL, 0).doesNotContainKey(Stage.BACKGROUND));
        assertThat(round.estimate().lowUsd()).isEqualTo(PER_CALL, org.assertj.core.data.Offset.offset(1e-9));
        service.complete(TENANT, s.id());
        priced.capRemaining = 0.0;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mem.wiring.api().refine(TENANT, s.id(),
                new SessionApi.RefinementRequest("warmer"))).isInstanceOf(dev.refinery.domain.BudgetExceededException.class);
    }
}
