package dev.refinery.domain;

/** No such session, version or object for this tenant. Maps to HTTP 404. */
public class NotFoundException extends RefineryException {
    public NotFoundException(String message) {
        super(message, null, null);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
