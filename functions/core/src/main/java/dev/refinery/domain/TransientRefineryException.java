package dev.refinery.domain;

/** A failure that may pass on a later attempt (throttling, a timeout, a 5xx). */
public class TransientRefineryException extends RefineryException {
    public TransientRefineryException(String message, Throwable cause) {
        super(message, "it will be retried automatically", cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
