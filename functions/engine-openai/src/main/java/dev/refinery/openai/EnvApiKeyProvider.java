package dev.refinery.openai;

import dev.refinery.domain.EngineUnavailableException;
import java.util.Map;

/** The key from the {@code OPENAI_API_KEY} environment variable (local runs). */
public final class EnvApiKeyProvider implements ApiKeyProvider {
    public static final String VARIABLE = "OPENAI_API_KEY";

    private final String key;

    public EnvApiKeyProvider(Map<String, String> env) {
        String k = env.get(VARIABLE);
        this.key = k == null ? null : k.trim();
    }

    @Override
    public String apiKey() {
        if (key == null || key.isEmpty()) {
            throw new EngineUnavailableException("The openai engine has no API key",
                    "set OPENAI_API_KEY (or, in AWS, REFINERY_OPENAI_SECRET_ARN) to use ENGINE=openai");
        }
        return key;
    }

    @Override
    public String describe() {
        return VARIABLE;
    }
}
