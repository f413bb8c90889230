package dev.refinery.domain;

/** A concurrent change won: the caller read a stale revision. Maps to HTTP 409. */
public class ConflictException extends RefineryException {
    public ConflictException(String message) {
        super(message, "read the session again and retry your change", null);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
