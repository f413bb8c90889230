package dev.refinery.openai;

import dev.refinery.domain.BudgetExceededException;

/**
 * A tenant's spending cap for AI work is used up: no model call is made. Not retryable. The engine's own case of
 * the budget every caller knows ({@link BudgetExceededException}: the API answers 402).
 */
public class SpendingCapExceededException extends BudgetExceededException {
    public SpendingCapExceededException(String message, String hint) {
        super(message, hint);
    }
}
