package dev.refinery.openai;

/**
 * Where the OpenAI key comes from. Implementations never log the key and never put it in an
 * exception message.
 */
public interface ApiKeyProvider {
    /**
     * The current key.
     *
     * @throws dev.refinery.domain.EngineUnavailableException when no key is configured or it cannot be read
     */
    String apiKey();

    /** Where the key comes from, for messages: "OPENAI_API_KEY", "Secrets Manager secret arn:...". Never the key. */
    String describe();

    /**
     * OpenAI refused the key (401): the next {@link #apiKey()} reads it from its source again instead of
     * from a cache, so a key rotated in the store is used at once rather than after the cache's TTL.
     */
    default void invalidate() {
    }
}
