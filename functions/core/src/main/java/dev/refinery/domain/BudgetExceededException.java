package dev.refinery.domain;

/** Work whose cost estimate's upper bound would take the tenant past its AI spending cap: refused before it starts. */
public class BudgetExceededException extends RefineryException {
    public BudgetExceededException(String message, String hint) {
        super(message, hint, null);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
