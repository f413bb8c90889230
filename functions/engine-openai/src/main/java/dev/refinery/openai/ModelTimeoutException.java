package dev.refinery.openai;

import dev.refinery.domain.TransientRefineryException;

/** The model did not answer within the configured timeout. Matched by name in the state machine's Retry. */
public class ModelTimeoutException extends TransientRefineryException {
    public ModelTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
