package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EngineAssembly;
import dev.refinery.engine.EngineContext;
import dev.refinery.engine.EngineProvider;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.imaging.classic.ClassicSegmenter;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The openai engine as every run finds it: through ServiceLoader, assembled with the classic module's pieces. */
class OpenAiEngineProviderTest {
    @Test
    void serviceLoaderFindsBothEnginesAndTheOpenAiModuleWrapsTheFinisher() {
        assertThat(EngineAssembly.providers()).extracting(EngineProvider::id).contains("classic", "openai");
        EngineAssembly a = EngineAssembly.load(List.of("classic", "openai"),
                new EngineContext(Map.of("REFINERY_OPENAI_QUALITY", "medium"), () -> MockApi.TEST_KEY, null, null));
        assertThat(a.engines()).extracting(RefinementEngine::id).containsExactly("classic", "openai");
        assertThat(a.finisher()).isInstanceOf(SceneAwareFinisher.class);
        assertThat(((OpenAiEngine) a.engines().get(1)).lightMeter()).as("the classic module's light meter, for the check's evidence")
                .isInstanceOf(dev.refinery.imaging.classic.LightingCorrector.class);
        OpenAiConfig c = ((OpenAiEngine) a.engines().get(1)).config();
        assertThat(c.outputs().forMaster(List.of()).quality()).isEqualTo("medium");
    }

    @Test
    void theKeyIsReadOnTheFirstModelCallNotWhileWiring() {
        try (MockApi mock = new MockApi()) {
            AtomicInteger reads = new AtomicInteger();
            RefinementEngine engine = new OpenAiEngineProvider().create(new EngineContext(
                    Map.of("OPENAI_BASE_URL", mock.config.baseUrl(), "REFINERY_OPENAI_MAX_RETRIES", "0",
                            "REFINERY_OPENAI_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:openai", "AWS_REGION", "eu-west-1"),
                    () -> {
                        reads.incrementAndGet();
                        return MockApi.TEST_KEY;
                    }, null, new ClassicSegmenter()));
            assertThat(reads.get()).as("no key read while the wiring is built").isZero();

            mock.api.behave(FakeImagesApi::identity);
            BufferedImage photo = TestPhotos.bottle(512, 384).image();
            engine.edit(Stage.LIGHTING, new EditRequest(photo, photo, List.of("amazon-main"), null, Map.of(), List.of(),
                    Map.of("category", "generic"), "tenant-a"));
            assertThat(reads.get()).as("read on the first call, then cached").isEqualTo(1);
            assertThat(mock.api.received).hasSize(1);
        }
    }

    @Test
    void aMissingKeyFailsTheFirstCallWithTheReason() {
        RefinementEngine engine = new OpenAiEngineProvider().create(new EngineContext(Map.of(), null, null, new ClassicSegmenter()));
        BufferedImage photo = TestPhotos.bottle(256, 192).image();
        assertThatThrownBy(() -> engine.edit(Stage.LIGHTING, new EditRequest(photo, photo, List.of("amazon-main"), null, Map.of(),
                List.of(), Map.of("category", "generic"), "tenant-a")))
                .isInstanceOf(EngineUnavailableException.class)
                .satisfies(e -> assertThat(((EngineUnavailableException) e).reason()).contains("set OPENAI_API_KEY"));
    }

    @Test
    void invalidSettingsAreRefusedWhileWiring() {
        assertThatThrownBy(() -> new OpenAiEngineProvider().create(new EngineContext(Map.of("REFINERY_OPENAI_MAX_RETRIES", "7"),
                () -> "k", null, new ClassicSegmenter())))
                .isInstanceOf(EngineUnavailableException.class).hasMessageContaining("REFINERY_OPENAI_MAX_RETRIES");
    }
}
