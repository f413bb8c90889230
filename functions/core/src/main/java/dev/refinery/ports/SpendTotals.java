package dev.refinery.ports;

/**
 * What each tenant has spent on paid (AI) image work in the current month, shared by every process
 * that spends: in AWS a counter item per tenant and month in the table, so that a cap holds across
 * all the stage functions' containers rather than within each one. The cap itself is the engine's
 * configuration; this only adds up.
 */
public interface SpendTotals {
    /** Adds a call's cost (USD, {@code >= 0}) to the tenant's total of the current month. */
    void add(String tenant, double usd);

    /** The tenant's total of the current month in USD (0 when nothing was spent). */
    double spent(String tenant);
}
