package dev.refinery.domain;

/**
 * A transient failure whose source asked for a wait (an HTTP Retry-After) longer than the state
 * machine's retry interval. The wait travels in the message as {@code retryAfterSeconds=N} so
 * the definition can parse it from the error's cause and wait that long.
 */
public class RetryLaterException extends TransientRefineryException {
    private final long retryAfterSeconds;

    public RetryLaterException(String message, long retryAfterSeconds, Throwable cause) {
        super("retryAfterSeconds=" + retryAfterSeconds + " " + message, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
