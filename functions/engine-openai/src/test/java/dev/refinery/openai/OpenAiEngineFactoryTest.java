package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.imaging.classic.ClassicSegmenter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The factory the AWS stage functions call by name (dev.refinery.aws.Engines.OPENAI_FACTORY). */
class OpenAiEngineFactoryTest {
    @Test
    void buildsTheEngineFromTheKeyAndTheRefinerySettings() {
        RefinementEngine e = OpenAiEngineFactory.create(Map.of("apiKey", MockApi.TEST_KEY, "REFINERY_OPENAI_QUALITY", "medium",
                "REFINERY_OPENAI_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:openai"));
        assertThat(e.id()).isEqualTo("openai");
        OpenAiConfig c = ((OpenAiEngine) e).config();
        assertThat(c.outputs().forMaster(java.util.List.of()).quality()).isEqualTo("medium");
        assertThat(c.keySource().kind()).isEqualTo(OpenAiConfig.KeySource.Kind.ENVIRONMENT);
        assertThat(OpenAiEngineFactory.classicSegmenter()).isInstanceOf(ClassicSegmenter.class);
    }

    @Test
    void withoutAKeyItFailsAtOnce() {
        assertThatThrownBy(() -> OpenAiEngineFactory.create(Map.of()))
                .isInstanceOf(EngineUnavailableException.class)
                .satisfies(e -> assertThat(((EngineUnavailableException) e).reason()).contains("set OPENAI_API_KEY"));
        assertThatThrownBy(() -> OpenAiEngineFactory.create(Map.of("apiKey", "k", "REFINERY_OPENAI_MAX_RETRIES", "7")))
                .isInstanceOf(EngineUnavailableException.class).hasMessageContaining("REFINERY_OPENAI_MAX_RETRIES");
    }
}
