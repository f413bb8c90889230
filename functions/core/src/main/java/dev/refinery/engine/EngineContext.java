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
 */
public record EngineContext(Map<String, String> settings, Supplier<String> apiKey, SpendTotals spend, ProductSegmenter segmenter) {
    public EngineContext {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public EngineContext withSegmenter(ProductSegmenter s) {
        return new EngineContext(settings, apiKey, spend, s);
    }
}
