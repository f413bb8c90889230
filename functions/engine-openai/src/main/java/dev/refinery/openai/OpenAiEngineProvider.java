package dev.refinery.openai;

import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.engine.EngineContext;
import dev.refinery.engine.EngineProvider;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.RefinementEngine;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The openai engine for {@link java.util.ServiceLoader} ({@code META-INF/services/dev.refinery.engine.EngineProvider}),
 * and the scene-aware finisher its presence adds. The engine is built without reading the key: the
 * context's key supplier (the stage functions': Secrets Manager) or, without one, the source its settings
 * name ({@code OPENAI_API_KEY}, a secret or a parameter) is read on the first model call and cached for
 * {@code REFINERY_OPENAI_KEY_TTL_SECONDS}; a missing key fails that call with "set OPENAI_API_KEY".
 */
public final class OpenAiEngineProvider implements EngineProvider {
    @Override
    public String id() {
        return OpenAiEngine.ID;
    }

    @Override
    public RefinementEngine create(EngineContext context) {
        Map<String, String> env = new HashMap<>(context.settings());
        if (context.apiKey() != null) {
            // The caller reads the key (its secret): the engine's settings must not name a second source.
            env.remove("REFINERY_OPENAI_SECRET_ARN");
            env.remove("REFINERY_OPENAI_KEY_PARAMETER");
        }
        OpenAiConfig config;
        try {
            config = OpenAiConfig.from(env, new Properties());
        } catch (IllegalArgumentException e) {
            throw new EngineUnavailableException("The openai engine's configuration is invalid: " + e.getMessage(),
                    "fix the variable named above (see OpenAiConfig for every setting)");
        }
        if (context.segmenter() == null) {
            throw new EngineUnavailableException("The openai engine needs the classic segmenter, and no engine module provides one",
                    "package refinery-imaging with the openai engine (refinery-lambda-stages does)");
        }
        ApiKeyProvider key = context.apiKey() == null ? OpenAiEngine.keyProvider(config, env)
                : new CachedApiKeyProvider(context.apiKey(), config.keySource().ttl(), Clock.systemUTC(), "the stage functions' secret");
        SpendLedger ledger = context.spend() == null ? InMemorySpendLedger.from(config) : CappedSpendLedger.from(config, context.spend());
        TemplateRepository bundled = new ClasspathTemplateRepository();
        TemplateRepository templates = config.templateDir() == null ? bundled : new DirectoryTemplateRepository(config.templateDir(), bundled);
        return new OpenAiEngine(OpenAiEngine.client(config, key, b -> { }), key, config, context.segmenter(), templates, ledger,
                PresetCatalog.bundled(), Clock.systemUTC()).withLightMeter(context.lightMeter());
    }

    /** Renders the engine's scenes and declares AI provenance on finals, whichever engine a session uses. */
    @Override
    public Finisher decorate(Finisher finisher) {
        return new SceneAwareFinisher(finisher);
    }
}
