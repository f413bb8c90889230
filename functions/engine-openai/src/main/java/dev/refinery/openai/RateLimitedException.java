package dev.refinery.openai;

import dev.refinery.domain.TransientRefineryException;

/**
 * The model's API throttled the request (HTTP 429) and asked for a wait no longer than the state
 * machine's retry interval. Matched by name in the state machine's Retry.
 */
public class RateLimitedException extends TransientRefineryException {
    private final long retryAfterSeconds;

    public RateLimitedException(String message, long retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The server's Retry-After in seconds, or -1 when it sent none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
