package dev.refinery.openai;

import dev.refinery.domain.EngineUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Caches a key read from a parameter store for a time-to-live, so a warm Lambda container does
 * not call the store on every image yet picks up a rotated key within the TTL. When a refresh
 * fails after the key was read once, the last key is kept (the store's hiccup should not fail a
 * paid step) and the refresh is tried again on the next call. A secret may hold the key itself or JSON
 * ({@code {"apiKey": "sk-..."}}, as Secrets Manager's console stores key/value pairs): the key is taken out of it
 * here, for every source, so a JSON secret is never sent as the bearer token.
 */
public final class CachedApiKeyProvider implements ApiKeyProvider {
    private final Supplier<String> fetch;
    private final Duration ttl;
    private final Clock clock;
    private final String description;
    private String cached;
    private Instant fetchedAt;

    public CachedApiKeyProvider(Supplier<String> fetch, Duration ttl, Clock clock, String description) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative");
        }
        this.fetch = fetch;
        this.ttl = ttl;
        this.clock = clock;
        this.description = description;
    }

    @Override
    public synchronized String apiKey() {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(fetchedAt.plus(ttl))) {
            return cached;
        }
        String fresh;
        try {
            fresh = fetch.get();
        } catch (RuntimeException e) {
            if (cached != null) {
                return cached;
            }
            throw new EngineUnavailableException("Cannot read the OpenAI key from " + description + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"),
                    "check that the secret exists and that this function may read it");
        }
        String key;
        try {
            key = SecretKeys.keyFrom(fresh);
        } catch (IllegalStateException e) {
            throw new EngineUnavailableException("The OpenAI key in " + description + " cannot be read: " + e.getMessage(),
                    "store the key in the secret as a plain string, or as JSON with an apiKey (or OPENAI_API_KEY) field");
        }
        if (key == null || key.isBlank()) {
            throw new EngineUnavailableException("The OpenAI key in " + description + " is empty",
                    "store the key in the secret (a plain string, or JSON with an apiKey or OPENAI_API_KEY field)");
        }
        cached = key.trim();
        fetchedAt = now;
        return cached;
    }

    @Override
    public synchronized void invalidate() {
        cached = null;
    }

    @Override
    public String describe() {
        return description;
    }
}
