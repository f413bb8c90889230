package dev.refinery.domain;

/** No such session, version or object for this tenant. Maps to HTTP 404. */
public class NotFoundException extends RefineryException {
    public NotFoundException(String message) {
        super(message, null, null);
    }

    /** With what the seller can do about it (connect the store first, make the final again). */
    public NotFoundException(String message, String hint) {
        super(message, hint, null);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
