package dev.refinery.domain;

/**
 * Base of every error the pipeline reports to a seller. The class name is part of the contract:
 * the state machine's Retry/Catch match on the fully qualified name of the exception a Lambda
 * throws, so subclasses are never renamed lightly.
 */
public abstract class RefineryException extends RuntimeException {
    private final String hint;

    protected RefineryException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    /** What the seller can do about it. */
    public String hint() {
        return hint;
    }

    /** Whether trying again unchanged may succeed. */
    public abstract boolean retryable();

    /** Message and hint in one line, fit for a session's reason field. */
    public String reason() {
        return hint == null || hint.isBlank() ? getMessage() : getMessage() + " — " + hint;
    }
}
