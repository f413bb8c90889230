package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Stage;
import dev.refinery.feedback.FeedbackPlan;
import dev.refinery.feedback.PlanContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The feedback planner against the fake API's planning model: the request it sends, and how it validates the answer. */
class ModelPlannerTest {
    private final PresetCatalog presets = PresetCatalog.bundled();
    private MockApi mock;

    @BeforeEach
    void start() {
        mock = new MockApi();
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    private PlanContext context(String... presetIds) {
        return new PlanContext("openai", List.of(presetIds).stream().map(presets::get).toList(), Map.of(), "tenant-a");
    }

    private FeedbackPlan plan(String feedback, String... presetIds) {
        return mock.engine.planner().plan(feedback, context(presetIds));
    }

    @Test
    void asksTheConfiguredModelForAStrictPlanSchema() throws Exception {
        plan("a little brighter", "amazon-main");
        assertThat(mock.api.received).hasSize(1);
        FakeImagesApi.Received r = mock.api.received.get(0);
        assertThat(r.path()).endsWith("/chat/completions");
        assertThat(r.authorization()).isEqualTo("Bearer " + MockApi.TEST_KEY);
        JsonNode body = FakeImagesApi.JSON.readTree(r.body());
        assertThat(body.path("model").asText()).isEqualTo("gpt-5-mini");
        assertThat(body.path("reasoning_effort").asText()).isEqualTo("low");
        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(4000);
        JsonNode schema = body.path("response_format").path("json_schema");
        assertThat(schema.path("strict").asBoolean()).isTrue();
        // strict mode: every property required, the optional ones nullable
        JsonNode op = schema.path("schema").path("$defs").isMissingNode() ? null : schema.path("schema").path("$defs");
        String text = schema.toString();
        assertThat(text).contains("\"operations\"").contains("\"declined\"").contains("BRIGHTER").contains("CHANGE_LABEL_OR_TEXT")
                .contains("\"additionalProperties\":false");
        assertThat(text).as("amount and colour may be null").containsPattern("\"amount\":\\{[^}]*\"null\"");
        assertThat(op == null || op.isObject()).isTrue();
        String system = body.path("messages").get(0).path("content").asText();
        assertThat(system).contains("never change its shape, its colours, or any printed text").contains("Amazon");
        assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("Seller's feedback: \"a little brighter\"");
    }

    @Test
    void severalRequestsBecomeOrderedStepsWithInstructionsAndMeasurableExpectations() {
        FeedbackPlan p = plan("make it sharper, a little brighter and warmer", "amazon-main");
        assertThat(p.steps()).extracting(FeedbackPlan.Step::stage).containsExactly(Stage.LIGHTING, Stage.LIGHTING, Stage.DETAIL);
        assertThat(p.hints()).containsEntry("lighting.expect", "brighter,warmer").containsEntry("detail.expect", "sharper");
        assertThat(p.steps().get(0).hints().get("instruction")).contains("brighter").contains("keep the product's shape");
        assertThat(p.steps()).extracting(FeedbackPlan.Step::operation).containsExactly("lighting.brighter", "lighting.warmer", "detail.sharper");
        assertThat(p.declined()).isEmpty();
    }

    @Test
    void whatThePresetsOrTheProductForbidIsDeclinedWithTheRule() {
        FeedbackPlan p = plan("make the background pink and make the label more vivid", "amazon-main");
        assertThat(p.actionable()).isFalse();
        assertThat(p.declined()).extracting(FeedbackPlan.Declined::reason)
                .anySatisfy(r -> assertThat(r).contains("amazon-main requires a pure white background"))
                .anySatisfy(r -> assertThat(r).contains("labels, text and logos are never recoloured"));
        assertThat(p.capabilities()).contains("brighter").doesNotContain("a background colour or scene (amazon-main)");
        // a preset that allows a scene takes it as a background step
        FeedbackPlan scene = plan("background in soft pink", "lifestyle");
        assertThat(scene.steps()).singleElement().satisfies(s -> assertThat(s.stage()).isEqualTo(Stage.BACKGROUND));
    }

    @Test
    void framingIsComputedNotGenerated() {
        FeedbackPlan p = plan("make the product bigger", "amazon-main");
        assertThat(p.steps()).singleElement().satisfies(s -> {
            assertThat(s.stage()).isEqualTo(Stage.FINALIZE);
            assertThat(s.hints()).containsEntry("fill", "0.895");
        });
    }

    @Test
    void anInstructionThatRedrawsPrintIsDeclinedWhateverKindTheModelGaveIt() {
        ModelPlan proposed = new ModelPlan();
        ModelPlan.Operation op = new ModelPlan.Operation();
        op.request = "make it pop";
        op.kind = ModelPlan.Kind.SHARPER;
        op.instruction = "Sharpen the photo and rewrite the label text in bold";
        op.amount = java.util.Optional.empty();
        op.colour = java.util.Optional.empty();
        ModelPlan.Operation twice = new ModelPlan.Operation();
        twice.request = "sharper";
        twice.kind = ModelPlan.Kind.SHARPER;
        twice.instruction = "Sharpen";
        proposed.operations = List.of(op, twice);
        proposed.declined = List.of();
        FeedbackPlan p = ((ModelPlanner) mock.engine.planner()).validate(proposed, "make it pop", context("amazon-main"));
        assertThat(p.steps()).isEmpty();
        assertThat(p.declined()).singleElement().satisfies(d -> assertThat(d.reason()).contains("never recoloured or redrawn"));
    }

    @Test
    void thePlanIsChargedToTheTenantAndTheCapIsCheckedFirst() {
        plan("brighter", "amazon-main");
        // 1200 prompt tokens at $0.25/M and 350 completion tokens at $2/M
        assertThat(mock.ledger.spent("tenant-a")).isCloseTo((1200 * 0.25 + 350 * 2.0) / 1e6, org.assertj.core.data.Offset.offset(1e-12));
        try (MockApi capped = new MockApi(c -> c, new InMemorySpendLedger(0.001, Map.of()))) {
            assertThatThrownBy(() -> capped.engine.planner().plan("brighter", context("amazon-main")))
                    .isInstanceOf(SpendingCapExceededException.class);
            assertThat(capped.api.received).isEmpty();
        }
    }

    @Test
    void capabilitiesCostNothing() {
        assertThat(mock.engine.planner().capabilities(context("amazon-main"))).contains("brighter", "bigger");
        assertThat(mock.api.received).isEmpty();
    }

    @Test
    void anAnswerWithoutAPlanIsATransientFailureNotAnEmptyRound() {
        mock.api.script(FakeImagesApi.json(200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-5-mini\","
                + "\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I can't help with that\"}}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}"));
        assertThatThrownBy(() -> plan("brighter", "amazon-main"))
                .isInstanceOf(ModelServerException.class)
                .hasMessageContaining("answered without a plan").hasMessageContaining("it refused: I can't help with that");
    }

    @Test
    void theProductsTrueColourIsTheSameComputedStepAsTheClassicEnginesAndNeedsAColour() {
        FeedbackPlan navy = plan("the bottle is navy", "amazon-main");
        assertThat(navy.steps()).singleElement().satisfies(s -> {
            assertThat(s.operation()).isEqualTo("colour.toward");
            assertThat(s.stage()).isEqualTo(Stage.DETAIL);
            assertThat(s.hints()).containsEntry("colour", "navy").containsEntry("expect", "colour").doesNotContainKey("instruction");
        });
        // the model called a colour for the print the product's colour: still never recoloured
        FeedbackPlan label = plan("make the label text red", "amazon-main");
        assertThat(label.actionable()).isFalse();
        assertThat(label.declined()).singleElement().satisfies(d -> assertThat(d.reason()).contains("never recoloured or redrawn"));
        // the model named the kind but no colour: nothing to move toward
        FeedbackPlan vague = plan("fix the colour", "amazon-main");
        assertThat(vague.actionable()).isFalse();
        assertThat(vague.declined()).singleElement().satisfies(d -> assertThat(d.reason()).contains("name the colour the product really is"));
    }
}
