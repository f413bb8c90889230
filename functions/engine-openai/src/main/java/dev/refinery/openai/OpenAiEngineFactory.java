package dev.refinery.openai;

import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.engine.ProductSegmenter;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.ports.SpendTotals;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The entry point the AWS stage functions load by name ({@code dev.refinery.aws.Engines}): they read
 * the key from Secrets Manager themselves and pass it as {@code apiKey}, with every
 * {@code REFINERY_OPENAI_*} variable. The segmenter is the classic engine's, which the stage
 * package carries; it is loaded by name so this module does not depend on refinery-imaging.
 */
public final class OpenAiEngineFactory {
    public static final String CLASSIC_SEGMENTER = "dev.refinery.imaging.classic.ClassicSegmenter";

    private OpenAiEngineFactory() {
    }

    /**
     * @param settings {@code apiKey} and any {@code REFINERY_OPENAI_*} / {@code OPENAI_BASE_URL} settings
     * @throws EngineUnavailableException when the key is missing or the settings are invalid
     */
    public static RefinementEngine create(Map<String, String> settings) {
        return create(settings, null);
    }

    /**
     * As {@link #create(Map)}, with the spending totals every container shares (the AWS stage
     * functions pass their table's); null counts spending in this process only.
     */
    public static RefinementEngine create(Map<String, String> settings, SpendTotals sharedTotals) {
        Map<String, String> env = new HashMap<>(settings);
        env.remove("apiKey");
        env.remove("REFINERY_OPENAI_SECRET_ARN"); // the caller already read the secret
        env.remove("REFINERY_OPENAI_KEY_PARAMETER");
        String key = settings.get("apiKey");
        if (key != null) {
            env.put(EnvApiKeyProvider.VARIABLE, key);
        }
        String baseUrl = System.getenv("OPENAI_BASE_URL");
        if (baseUrl != null) {
            env.putIfAbsent("OPENAI_BASE_URL", baseUrl);
        }
        OpenAiConfig config;
        try {
            config = OpenAiConfig.from(env, new Properties());
        } catch (IllegalArgumentException e) {
            throw new EngineUnavailableException("The openai engine's configuration is invalid: " + e.getMessage(),
                    "fix the variable named above (see OpenAiConfig for every setting)");
        }
        SpendLedger ledger = sharedTotals == null ? InMemorySpendLedger.from(config) : CappedSpendLedger.from(config, sharedTotals);
        return OpenAiEngine.create(config, env, classicSegmenter(), ledger);
    }

    static ProductSegmenter classicSegmenter() {
        try {
            return (ProductSegmenter) Class.forName(CLASSIC_SEGMENTER).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new EngineUnavailableException("The openai engine needs the classic segmenter (" + CLASSIC_SEGMENTER + ") on the classpath",
                    "package refinery-imaging with the openai engine (refinery-lambda-stages does)");
        }
    }
}
