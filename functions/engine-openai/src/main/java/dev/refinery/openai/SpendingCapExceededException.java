package dev.refinery.openai;

import dev.refinery.domain.RefineryException;

/** A tenant's spending cap for AI work is used up: no model call is made. Not retryable. */
public class SpendingCapExceededException extends RefineryException {
    public SpendingCapExceededException(String message, String hint) {
        super(message, hint, null);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
