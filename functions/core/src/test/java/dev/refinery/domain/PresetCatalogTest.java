package dev.refinery.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PresetCatalogTest {
    private final PresetCatalog catalog = PresetCatalog.bundled();

    @Test
    void bundlesEveryMarketplacePreset() {
        assertThat(catalog.ids()).contains("amazon-main", "walmart", "ebay", "google-merchant", "shopify-square", "etsy", "lifestyle");
    }

    @Test
    void amazonMainFollowsTheMarketplaceRules() {
        Preset p = catalog.get("amazon-main");
        assertThat(p.width()).isEqualTo(2000);
        assertThat(p.height()).isEqualTo(2000);
        assertThat(p.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(p.background().kind()).isEqualTo(Preset.Backdrop.Kind.WHITE);
        assertThat(p.background().rgb()).isEqualTo(0xFFFFFF);
        assertThat(p.fill().min()).isEqualTo(0.85);
        assertThat(p.fill().max()).isEqualTo(0.90);
        assertThat(p.fill().target()).isEqualTo(0.87);
    }

    @Test
    void walmartAndShopifyCanvases() {
        assertThat(catalog.get("walmart").width()).isEqualTo(2200);
        assertThat(catalog.get("walmart").maxBytes()).isEqualTo(5_000_000);
        assertThat(catalog.get("shopify-square").width()).isEqualTo(2048);
    }

    @Test
    void lifestyleNeedsTheAiEngine() {
        Preset p = catalog.get("lifestyle");
        assertThat(p.requiresAi()).isTrue();
        assertThat(p.engineFor(Stage.BACKGROUND, "classic")).isEqualTo("openai");
    }

    @Test
    void unknownPresetNamesTheKnownOnes() {
        assertThatThrownBy(() -> catalog.resolve("amazon-main,amazn"))
                .isInstanceOf(UnknownPresetException.class)
                .hasMessageContaining("amazn")
                .satisfies(e -> assertThat(((RefineryException) e).reason()).contains("amazon-main", "walmart"));
    }

    @Test
    void resolveKeepsOrderAndDropsDuplicates() {
        assertThat(catalog.resolve(" walmart, amazon-main ,walmart").stream().map(Preset::id))
                .containsExactly("walmart", "amazon-main");
    }

    @Test
    void whoCutsTheProductOutAndTheStudioEffectsAreData() {
        assertThat(catalog.get("amazon-main").cutout()).isEqualTo(Preset.Cutout.CLASSIC);
        assertThat(catalog.get("amazon-main").mockup()).isNull();
        assertThat(catalog.get("lifestyle").cutout()).isEqualTo(Preset.Cutout.AI);
        assertThat(catalog.get("mockup-desk").mockup()).isEqualTo("desk");
        assertThat(catalog.get("apparel-ghost").studio()).isEqualTo(Preset.GHOST_MANNEQUIN);
        assertThat(catalog.get("apparel-ghost").requiresAi()).isTrue();
    }

    @Test
    void anUnknownCutoutOrStudioIsRefusedWhenTheCatalogIsRead() {
        String preset = "{\"presets\": [{\"id\": \"x\", \"canvas\": {\"width\": 100, \"height\": 100}, "
                + "\"fill\": {\"min\": 0.5, \"max\": 0.9, \"target\": 0.8}, %s}]}";
        assertThatThrownBy(() -> PresetCatalog.fromJson(stream(String.format(preset, "\"cutout\": \"magic\""))))
                .hasMessageContaining("cutout is \"classic\" or \"ai\"");
        assertThatThrownBy(() -> PresetCatalog.fromJson(stream(String.format(preset, "\"studio\": \"levitation\""))))
                .hasMessageContaining("studio is \"ghost-mannequin\" or absent");
    }

    private static java.io.InputStream stream(String json) {
        return new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
