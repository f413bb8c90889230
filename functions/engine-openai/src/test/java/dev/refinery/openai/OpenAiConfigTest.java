package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenAiConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaults() {
        OpenAiConfig c = OpenAiConfig.from(Map.of(), new Properties());
        assertThat(c.model()).isEqualTo("gpt-image-2");
        assertThat(c.baseUrl()).isNull();
        assertThat(c.inputFidelity()).as("never sent to gpt-image-2").isNull();
        assertThat(c.maxRetries()).isEqualTo(1);
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.retryLaterAfterSeconds()).isEqualTo(30);
        assertThat(c.sizes()).isEqualTo(SizeLimits.standard());
        assertThat(c.fidelity()).isEqualTo(FidelityThresholds.defaults());
        assertThat(c.keySource().kind()).isEqualTo(OpenAiConfig.KeySource.Kind.ENVIRONMENT);
        assertThat(c.defaultTenantCapUsd()).isEqualTo(25.0);
        assertThat(c.outputs().forMaster(List.of("amazon-main"))).isEqualTo(new OutputSettings("high", "png", -1));
        assertThat(c.outputs().forScene("lifestyle")).isEqualTo(new OutputSettings("high", "jpeg", 95));
        assertThat(c.prices().forModel("gpt-image-2-2026-04-21")).isEqualTo(c.prices().forModel("gpt-image-2"));
    }

    @Test
    void environmentOverridesAndSystemPropertiesWin() {
        Properties props = new Properties();
        props.setProperty("REFINERY_OPENAI_MODEL", "gpt-image-1.5");
        OpenAiConfig c = OpenAiConfig.from(Map.of(
                "REFINERY_OPENAI_MODEL", "gpt-image-1-mini",
                "OPENAI_BASE_URL", "http://127.0.0.1:8080/v1",
                "REFINERY_OPENAI_QUALITY", "low",
                "REFINERY_OPENAI_LARGE_SIZES", "true",
                "REFINERY_OPENAI_TENANT_CAPS", "acme=100, tiny=0.5",
                "REFINERY_OPENAI_TENANT_CAP_USD", "none",
                "REFINERY_OPENAI_MAX_RETRIES", "0",
                "REFINERY_OPENAI_FIDELITY_MIN_IOU", "0.95"), props);
        assertThat(c.model()).isEqualTo("gpt-image-1.5");
        assertThat(c.inputFidelity()).isEqualTo("high");
        assertThat(c.baseUrl()).isEqualTo("http://127.0.0.1:8080/v1");
        assertThat(c.outputs().forMaster(List.of()).quality()).isEqualTo("low");
        assertThat(c.outputs().forScene("lifestyle").quality()).isEqualTo("low");
        assertThat(c.sizes()).isEqualTo(SizeLimits.large());
        assertThat(c.tenantCapsUsd()).containsEntry("acme", 100.0).containsEntry("tiny", 0.5);
        assertThat(c.defaultTenantCapUsd()).isInfinite();
        assertThat(c.maxRetries()).isZero();
        assertThat(c.fidelity().minIou()).isEqualTo(0.95);
    }

    @Test
    void inputFidelityCanNeverBeForcedOnGptImage2() {
        assertThatThrownBy(() -> OpenAiConfig.from(Map.of("REFINERY_OPENAI_INPUT_FIDELITY", "high"), new Properties()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not take input_fidelity");
        assertThat(OpenAiConfig.from(Map.of("REFINERY_OPENAI_MODEL", "gpt-image-1", "REFINERY_OPENAI_INPUT_FIDELITY", "low"), new Properties())
                .inputFidelity()).isEqualTo("low");
        assertThat(OpenAiConfig.from(Map.of("REFINERY_OPENAI_MODEL", "gpt-image-1-mini"), new Properties()).inputFidelity()).isNull();
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> OpenAiConfig.from(Map.of("REFINERY_OPENAI_MAX_RETRIES", "9"), new Properties()))
                .hasMessageContaining("REFINERY_OPENAI_MAX_RETRIES").hasMessageContaining("0..3");
        assertThatThrownBy(() -> OpenAiConfig.from(Map.of("REFINERY_OPENAI_QUALITY", "ultra"), new Properties()))
                .hasMessageContaining("quality 'ultra'");
        assertThatThrownBy(() -> OpenAiConfig.from(Map.of("REFINERY_OPENAI_TENANT_CAPS", "acme"), new Properties()))
                .hasMessageContaining("tenant=USD");
        assertThatThrownBy(() -> OpenAiConfig.from(Map.of("REFINERY_OPENAI_SECRET_ARN", "arn:aws:secretsmanager:x"), new Properties()))
                .hasMessageContaining("AWS_REGION");
        assertThatThrownBy(() -> OpenAiConfig.from(Map.of("REFINERY_OPENAI_TEMPLATE_DIR", "/no/such/dir"), new Properties()))
                .hasMessageContaining("REFINERY_OPENAI_TEMPLATE_DIR=/no/such/dir does not exist");
    }

    @Test
    void pricesAndOutputSettingsAreDataFilesToo() throws Exception {
        Path prices = dir.resolve("prices.json");
        Files.writeString(prices, "{\"models\":{\"gpt-image-2\":{\"textInput\":1,\"imageInput\":2,\"imageOutput\":3,\"textOutput\":4}}}");
        Path outputs = dir.resolve("outputs.json");
        Files.writeString(outputs, "{\"master\":{\"quality\":\"medium\",\"format\":\"png\"},\"scene\":{\"quality\":\"low\",\"format\":\"webp\",\"compression\":80},"
                + "\"presets\":{\"amazon-main\":{\"master\":{\"quality\":\"high\",\"format\":\"png\"}}}}");
        OpenAiConfig c = OpenAiConfig.from(Map.of("REFINERY_OPENAI_PRICES", prices.toString(), "REFINERY_OPENAI_OUTPUT_SETTINGS", outputs.toString()),
                new Properties());
        assertThat(c.prices().forModel("gpt-image-2")).contains(new PriceTable.Prices(1, 2, 3, 4));
        assertThat(c.outputs().forMaster(List.of("walmart", "amazon-main")).quality()).isEqualTo("high");
        assertThat(c.outputs().forMaster(List.of("walmart")).quality()).isEqualTo("medium");
        assertThat(c.outputs().forScene("lifestyle")).isEqualTo(new OutputSettings("low", "webp", 80));

        Files.writeString(prices, "{\"models\":{\"gpt-image-2\":{\"textInput\":1}}}");
        assertThatThrownBy(() -> OpenAiConfig.from(Map.of("REFINERY_OPENAI_PRICES", prices.toString()), new Properties()))
                .hasMessageContaining("lacks a number for imageInput");
    }

    @Test
    void aModelWithoutPricesCannotStartTheEngine() {
        OpenAiConfig c = OpenAiConfig.from(Map.of("REFINERY_OPENAI_MODEL", "gpt-image-9"), new Properties());
        assertThatThrownBy(() -> OpenAiEngine.create(c, Map.of("OPENAI_API_KEY", MockApi.TEST_KEY), new BackdropSegmenter()))
                .isInstanceOf(dev.refinery.domain.EngineUnavailableException.class)
                .hasMessageContaining("No token prices for model gpt-image-9");
    }
}
