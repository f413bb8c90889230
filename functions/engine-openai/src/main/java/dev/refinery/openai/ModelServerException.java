package dev.refinery.openai;

import dev.refinery.domain.TransientRefineryException;

/**
 * The model's service failed (HTTP 5xx, a reset connection, a response that is not a usable image).
 * Matched by name in the state machine's Retry.
 */
public class ModelServerException extends TransientRefineryException {
    private final int statusCode;

    public ModelServerException(String message, int statusCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    /** The HTTP status, or 0 when the failure was not an HTTP answer. */
    public int statusCode() {
        return statusCode;
    }
}
