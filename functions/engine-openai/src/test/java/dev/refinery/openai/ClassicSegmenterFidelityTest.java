package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.imaging.classic.ClassicSegmenter;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SyntheticPhotos;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The product lock and the fidelity check with production's segmenter (the classic engine's) on
 * the samples' realistic seller photos (textured backdrops, colour casts, noise): a faithful model
 * answer is never rejected, a recoloured or reshaped product always is.
 */
class ClassicSegmenterFidelityTest {
    private static MockApi mock;
    private static OpenAiEngine engine;

    @BeforeAll
    static void start() {
        mock = new MockApi();
        engine = new OpenAiEngine(OpenAiEngine.client(mock.config, new EnvApiKeyProvider(Map.of("OPENAI_API_KEY", MockApi.TEST_KEY)), b -> { }),
                mock.config, new ClassicSegmenter(), new ClasspathTemplateRepository(), mock.ledger, PresetCatalog.bundled(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        mock.close();
    }

    /** Four different products, backdrops and camera faults, at 720x540 to keep the (CPU-bound) segmentation quick. */
    static Stream<SamplePhoto> samples() {
        SyntheticPhotos photos = new SyntheticPhotos();
        return photos.batchSpecs(4, 720, 540, 7).stream().map(photos::generate);
    }

    private static EditResult run(Stage stage, BufferedImage current, SamplePhoto s, UnaryOperator<BufferedImage> model) {
        return run(stage, current, s, (img, form) -> model.apply(img));
    }

    private static EditResult run(Stage stage, BufferedImage current, SamplePhoto s,
                                  java.util.function.BiFunction<BufferedImage, MultipartForm, BufferedImage> model) {
        mock.api.behave(model);
        return engine.edit(stage, new EditRequest(current, s.photo(), List.of("amazon-main"), null, Map.of(), List.of(),
                Map.of("category", "generic"), "tenant-a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void faithfulAnswersPassAndAlteredProductsAreCaught(SamplePhoto s) {
        EditResult same = run(Stage.LIGHTING, s.photo(), s, FakeImagesApi::identity);
        assertThat(same.passed()).as("identity lighting: %s", same.problems()).isTrue();

        EditResult white = run(Stage.BACKGROUND, s.photo(), s, FakeImagesApi::whiteOutsideMask);
        assertThat(white.passed()).as("white background: %s %s", white.problems(), white.metrics()).isTrue();
        assertThat(white.image().getColorModel().hasAlpha()).isTrue();

        BufferedImage cutout = white.image();
        EditResult detail = run(Stage.DETAIL, cutout, s, FakeImagesApi::identity);
        assertThat(detail.passed()).as("identity detail: %s", detail.problems()).isTrue();

        EditResult recoloured = run(Stage.DETAIL, cutout, s, FakeImagesApi::recolour);
        assertThat(recoloured.passed()).as("recoloured detail must fail: %s", recoloured.metrics()).isFalse();
        assertThat(recoloured.problems()).anySatisfy(p -> assertThat(p).contains("colours drifted"));

        EditResult reshaped = run(Stage.BACKGROUND, s.photo(), s, FakeImagesApi::reshape);
        assertThat(reshaped.passed()).as("reshaped background must fail: %s", reshaped.metrics()).isFalse();
        assertThat(reshaped.problems()).anySatisfy(p -> assertThat(p).contains("shape drifted"));
    }
}
