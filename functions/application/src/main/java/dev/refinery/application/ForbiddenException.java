package dev.refinery.application;

import dev.refinery.domain.RefineryException;

/** The caller's tenant may not touch this resource (an upload key under another tenant's prefix). Maps to 403. */
public class ForbiddenException extends RefineryException {
    public ForbiddenException(String message, String hint) {
        super(message, hint, null);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
