package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.imaging.classic.ClassicSegmenter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * One real edit against the OpenAI API, at low quality (about a cent), when OPENAI_API_KEY is set;
 * skipped, saying so, when it is not. Run it with {@code make openai-smoke}.
 */
class OpenAiSmokeTest {
    @Test
    void oneRealLightingEdit() {
        String key = System.getenv("OPENAI_API_KEY");
        assumeTrue(key != null && !key.isBlank(), "skipped: OPENAI_API_KEY is not set, so no real OpenAI edit was made (make openai-smoke runs it when it is)");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("REFINERY_OPENAI_QUALITY", "low");
        OpenAiConfig config = OpenAiConfig.from(env, new Properties());
        OpenAiEngine engine = OpenAiEngine.create(config, env, new ClassicSegmenter());

        TestPhotos.Photo photo = TestPhotos.bottle(1024, 768);
        EditResult r = engine.edit(Stage.LIGHTING, new EditRequest(photo.image(), photo.image(), List.of("amazon-main"), null,
                Map.of(), List.of(), Map.of("category", "generic", "colours", "red and blue checker"), "smoke-test"));

        System.out.printf("openai smoke: model=%s size=%s cost=$%.4f request=%s fidelity=%s problems=%s%n",
                r.params().get("model"), r.params().get("size"), r.costUsd(), r.params().get("request_id"),
                r.metrics().get("fidelity.iou"), r.problems());
        assertThat(r.image().getWidth()).isEqualTo(1024);
        assertThat(r.image().getHeight()).isEqualTo(768);
        assertThat(r.params()).containsEntry("cost.basis", "usage").containsKey("request_id");
        assertThat(r.costUsd()).isGreaterThan(0).isLessThan(1.0);
        assertThat(r.metrics()).containsKeys("fidelity.iou", "tokens.output.image");
    }
}
