package dev.refinery.openai;

/**
 * Money spent on AI work per tenant, against a cap. The engine asks before every model call and
 * records what the call cost afterwards (also when the step is then rejected: the money is spent).
 * Implementations: {@link InMemorySpendLedger} (one process); a deployment keeps it in its table.
 */
public interface SpendLedger {

    /**
     * Refuses a call that could take the tenant past its cap.
     *
     * @param estimateUsd what the call is expected to cost
     * @throws SpendingCapExceededException with the cap, the amount spent and what to do
     */
    void ensureCanSpend(String tenant, double estimateUsd);

    /** Adds a call's cost to the tenant's spending. */
    void record(String tenant, double costUsd);

    /** What the tenant has spent so far, in USD. */
    double spent(String tenant);

    /** The tenant's cap in USD ({@link Double#POSITIVE_INFINITY} when uncapped). */
    double cap(String tenant);
}
