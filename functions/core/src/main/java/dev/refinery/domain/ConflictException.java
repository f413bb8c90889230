package dev.refinery.domain;

/** A concurrent change won: the caller read a stale revision. Maps to HTTP 409. */
public class ConflictException extends RefineryException {
    private final boolean retryable;

    public ConflictException(String message) {
        super(message, "read the session again and retry your change", null);
        this.retryable = true;
    }

    /** A conflict with something another request made on purpose, which trying again unchanged will not resolve. */
    public ConflictException(String message, String hint) {
        super(message, hint, null);
        this.retryable = false;
    }

    @Override
    public boolean retryable() {
        return retryable;
    }
}
