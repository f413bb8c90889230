package dev.refinery.openai;

import dev.refinery.domain.InvalidInputException;
import java.util.List;

/**
 * The model's safety system refused the request ({@code moderation_blocked}). Retrying the same
 * request cannot help, so the state machine does not retry it.
 */
public class ModerationBlockedException extends InvalidInputException {
    private final List<String> categories;

    public ModerationBlockedException(String message, List<String> categories, Throwable cause) {
        super(message, "change the photo or the wording of the feedback; the model's safety system refused this request", cause);
        this.categories = List.copyOf(categories);
    }

    /** The flagged categories the API named (for example "sexual"); empty when it named none. */
    public List<String> categories() {
        return categories;
    }
}
