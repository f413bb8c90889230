package dev.refinery.domain;

/** The input cannot be processed as given (corrupt, unsupported, too large, unknown preset...). Never retried. */
public class InvalidInputException extends RefineryException {
    public InvalidInputException(String message, String hint) {
        super(message, hint, null);
    }

    public InvalidInputException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
