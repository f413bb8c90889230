package dev.refinery.application;

import dev.refinery.domain.RefineryException;

/** A tenant's session quota is used up: HTTP 429 with Retry-After; an upload's session ends FAILED with it. */
public final class QuotaExceededException extends RefineryException {
    private final long retryAfterSeconds;

    public QuotaExceededException(String message, long retryAfterSeconds) {
        super(message, "try again in " + retryAfterSeconds + " s, or ask the operator for a larger quota", null);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Not unchanged: only after the wait. */
    @Override
    public boolean retryable() {
        return false;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
