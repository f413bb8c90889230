package dev.refinery.engine;

import dev.refinery.ports.SpendTotals;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What an {@link EngineProvider} builds its engine with.
 *
 * @param settings  the engine's settings ({@code REFINERY_OPENAI_*}, {@code OPENAI_BASE_URL}, ...: the environment or a test's map)
 * @param apiKey    the key of an engine that calls a paid API, read when the engine first needs it (Secrets Manager in AWS);
 *                  null: the engine finds it from its settings (e.g. {@code OPENAI_API_KEY})
 * @param spend     the tenants' AI spending every container shares (the table in AWS); null counts in this process only
 * @param segmenter the product segmenter of the package (the classic one), or null when none is on the classpath
 * @param lightMeter the light meter of the package (the classic lighting estimator), or null when none is on the classpath
 */
public record EngineContext(Map<String, String> settings, Supplier<String> apiKey, SpendTotals spend, ProductSegmenter segmenter,
                            LightMeter lightMeter) {
    public EngineContext {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** A context whose segmenter and light meter come from the package's providers (EngineAssembly fills them in). */
    public EngineContext(Map<String, String> settings, Supplier<String> apiKey, SpendTotals spend, ProductSegmenter segmenter) {
        this(settings, apiKey, spend, segmenter, null);
    }

    /** This context with the given tools where it has none. */
    public EngineContext withPhotoTools(ProductSegmenter s, LightMeter m) {
        return new EngineContext(settings, apiKey, spend, segmenter == null ? s : segmenter, lightMeter == null ? m : lightMeter);
    }
}
