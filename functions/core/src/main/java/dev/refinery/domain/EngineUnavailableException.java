package dev.refinery.domain;

/** A stage needs an engine that is not configured (for example a lifestyle scene without the openai engine). */
public class EngineUnavailableException extends RefineryException {
    public EngineUnavailableException(String message, String hint) {
        super(message, hint, null);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
