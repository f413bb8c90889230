package dev.refinery.openai;

import dev.refinery.domain.InvalidInputException;

/** The model's API rejected the request as invalid (HTTP 400/422 other than moderation). Never retried unchanged. */
public class InvalidModelRequestException extends InvalidInputException {
    public InvalidModelRequestException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }
}
