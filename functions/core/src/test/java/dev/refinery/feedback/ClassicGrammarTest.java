package dev.refinery.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Stage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Labelled seller requests through the classic engine's grammar: what is done, with which hints, and what is declined and why. */
class ClassicGrammarTest {
    private final ClassicGrammar grammar = new ClassicGrammar();
    private final PresetCatalog presets = PresetCatalog.bundled();

    private FeedbackPlan plan(String feedback, String... presetIds) {
        return grammar.plan(feedback, new PlanContext("classic", List.of(presetIds).stream().map(presets::get).toList(), Map.of()));
    }

    private static List<String> ops(FeedbackPlan p) {
        return p.steps().stream().map(FeedbackPlan.Step::operation).toList();
    }

    @Test
    void theRequestsOfTheIssueAreCarriedOutOrDeclinedNeverRoutedToDetail() {
        // "make the product bigger" re-sharpened the image before
        FeedbackPlan bigger = plan("Make the product bigger", "amazon-main");
        assertThat(ops(bigger)).containsExactly("framing.bigger");
        assertThat(bigger.stage()).isEqualTo(Stage.FINALIZE);
        assertThat(bigger.hints()).containsEntry("finalize.fill", "0.895");
        assertThat(bigger.editStages()).containsEntry("lighting", false).containsEntry("background", false).containsEntry("detail", false);
        assertThat(bigger.steps().get(0).expected()).isEqualTo("fill amazon-main 0.87 → 0.895");
        // "remove the shadow" on ebay reused the cut-out and kept the drawn shadow
        assertThat(plan("remove the shadow", "ebay").hints()).containsEntry("finalize.shadow", "off");
        assertThat(ops(plan("remove the shadow", "amazon-main"))).containsExactly("background.tighter");
        // "make the background pink" and "… the label more vivid" gave identical images, COMPLETED
        FeedbackPlan pink = plan("make the background pink", "amazon-main");
        assertThat(pink.actionable()).isFalse();
        assertThat(pink.declined()).singleElement().satisfies(d -> assertThat(d.reason()).contains("amazon-main requires a pure white background"));
        FeedbackPlan both = plan("remove the shadow and make the label more vivid", "ebay");
        assertThat(ops(both)).containsExactly("framing.shadow-off");
        assertThat(both.declined()).singleElement().satisfies(d -> {
            assertThat(d.request()).isEqualTo("make the label more vivid");
            assertThat(d.reason()).contains("never recoloured or redrawn");
        });
        assertThat(both.answer()).contains("Will do: remove the shadow → no drawn contact shadow").contains("Not done:").contains("You can ask for:");
    }

    @Test
    void exposureFollowsTheWordsWithinTheRangeASellerExpects() {
        assertThat(plan("brighter", "amazon-main").hints()).containsEntry("lighting.exposure", "+0.50");
        assertThat(plan("a little brighter please", "amazon-main").hints()).containsEntry("lighting.exposure", "+0.25");
        assertThat(plan("much brighter", "amazon-main").hints()).containsEntry("lighting.exposure", "+1.00");
        assertThat(plan("it's too dark", "amazon-main").hints()).containsEntry("lighting.exposure", "+0.50");
        assertThat(plan("darker", "amazon-main").hints()).containsEntry("lighting.exposure", "-0.50");
        assertThat(plan("warmer", "amazon-main").hints()).containsEntry("lighting.warmth", "+0.040");
        assertThat(plan("too yellow", "amazon-main").hints()).containsEntry("lighting.warmth", "-0.040");
    }

    @Test
    void severalRequestsBecomeStepsInThePipelinesOrderEachStageOnce() {
        FeedbackPlan p = plan("sharper, and make it bigger", "amazon-main");
        assertThat(ops(p)).containsExactly("detail.sharper", "framing.bigger");
        assertThat(p.stage()).isEqualTo(Stage.DETAIL);
        assertThat(p.hints()).containsEntry("detail.sharpen", "strong").containsEntry("finalize.fill", "0.895");
        // asked detail first, lighting second: lighting runs first (the order that keeps earlier steps valid)
        FeedbackPlan two = plan("sharper and brighter and remove the bits of table", "amazon-main");
        assertThat(ops(two)).containsExactly("lighting.brighter", "background.tighter", "detail.sharper");
        assertThat(two.stage()).isEqualTo(Stage.LIGHTING);
        assertThat(two.editStages()).containsEntry("lighting", true).containsEntry("background", true).containsEntry("detail", true);
        assertThat(two.declined()).isEmpty();
        assertThat(two.hints()).containsEntry("lighting.exposure", "+0.50").containsEntry("background.segmentation", "strict")
                .containsEntry("detail.sharpen", "strong");
    }

    @Test
    void cutOutRequestsPickTheSegmentationAndUnsupportedOnesSayWhy() {
        assertThat(plan("the handle is cut off", "amazon-main").hints()).containsEntry("background.segmentation", "loose");
        assertThat(plan("remove the bits of table", "amazon-main").hints()).containsEntry("background.segmentation", "strict");
        assertThat(plan("move it to the left", "amazon-main").declined()).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("centre the product"));
        assertThat(plan("softer shadow on the left", "ebay").declined()).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("does not relight"));
        assertThat(plan("remove the book next to it", "amazon-main").declined()).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("cannot remove an object"));
        FeedbackPlan nonsense = plan("make it sing", "amazon-main");
        assertThat(nonsense.actionable()).isFalse();
        assertThat(nonsense.declined()).singleElement().satisfies(d -> assertThat(d.reason()).isEqualTo("not understood"));
        assertThat(nonsense.capabilities()).contains("brighter", "bigger", "remove the shadow the cut-out kept");
    }

    @Test
    void framingStaysInsideThePresetsRangeAndSaysWhenThereIsNoRoom() {
        FeedbackPlan full = grammar.plan("bigger", new PlanContext("classic", List.of(presets.get("amazon-main")), Map.of("amazon-main", 0.90)));
        assertThat(full.actionable()).isFalse();
        assertThat(full.declined()).singleElement().satisfies(d -> assertThat(d.reason()).contains("already fills 0.90").contains("0.85–0.90"));
        FeedbackPlan smaller = grammar.plan("more white space", new PlanContext("classic", List.of(presets.get("ebay")), Map.of("ebay", 0.85)));
        assertThat(smaller.hints()).containsEntry("finalize.fill", "0.820");
    }

    @Test
    void aColourTheSellerNamesMovesTheProductsMainColourAndNothingElseIsRecoloured() {
        FeedbackPlan navy = plan("the mug is navy", "amazon-main");
        assertThat(ops(navy)).containsExactly("colour.toward");
        assertThat(navy.stage()).isEqualTo(Stage.DETAIL);
        assertThat(navy.hints()).containsEntry("detail.colour", "navy").containsEntry("detail.expect", "colour").doesNotContainKey("detail.colourStrength");
        assertThat(navy.steps().get(0).expected()).contains("toward navy").contains("at most CIEDE2000 10").contains("print and labels kept");
        assertThat(plan("a little more dark green", "amazon-main").hints()).containsEntry("detail.colour", "dark green")
                .containsEntry("detail.colourStrength", "0.5");
        assertThat(plan("closer to #1f2a44", "amazon-main").hints()).containsEntry("detail.colour", "#1f2a44");
        // lighting first, then the colour on what lighting made
        assertThat(ops(plan("the bottle is teal and make it brighter", "amazon-main"))).containsExactly("lighting.brighter", "colour.toward");
        // what is not the product's body colour
        assertThat(plan("make the label red", "amazon-main").declined()).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("never recoloured"));
        assertThat(plan("make the shadow grey", "ebay").declined()).singleElement().satisfies(d -> assertThat(d.reason()).contains("shadow"));
        assertThat(plan("make the background pink", "amazon-main").declined()).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("pure white background"));
        // a colour that describes the product beside another request, or a cast
        assertThat(ops(plan("make the red mug bigger", "amazon-main"))).containsExactly("framing.bigger");
        assertThat(plan("too blue", "amazon-main").hints()).containsEntry("lighting.warmth", "+0.040");
        assertThat(plan("it looks too purple", "amazon-main").declined()).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("name the colour the product really is"));
        assertThat(plan("make the colours pop", "amazon-main").declined()).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("keeps its own saturation"));
        assertThat(plan("brighter", "amazon-main").capabilities()).anySatisfy(c -> assertThat(c).contains("the mug is navy"));
    }
}
