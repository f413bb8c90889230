package dev.refinery.openai;

import dev.refinery.ports.SpendTotals;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link SpendLedger}: the configured caps (a default and per-tenant overrides) checked against
 * {@link SpendTotals}. Deployed, the totals are the table's, shared by every stage function's
 * container and counted per calendar month, so a tenant's cap holds across all of them;
 * {@link InMemorySpendLedger} is the same over one process's totals.
 *
 * <p>The check and the addition are separate calls: containers working for one tenant at the same
 * moment may each pass the check before either adds its cost, so the cap can be overrun by at most
 * the calls in flight at that moment (a few cents each), never by a container's whole lifetime.
 */
public class CappedSpendLedger implements SpendLedger {
    private final double defaultCapUsd;
    private final Map<String, Double> capsUsd;
    private final SpendTotals totals;
    private final String period;

    /** Caps over totals counted per calendar month (the table's). */
    public CappedSpendLedger(double defaultCapUsd, Map<String, Double> capsUsd, SpendTotals totals) {
        this(defaultCapUsd, capsUsd, totals, " this month");
    }

    /** @param period how the totals' period reads in the refusal (" this month", or "" for none) */
    protected CappedSpendLedger(double defaultCapUsd, Map<String, Double> capsUsd, SpendTotals totals, String period) {
        if (!(defaultCapUsd >= 0)) {
            throw new IllegalArgumentException("the default spending cap must be >= 0, got " + defaultCapUsd);
        }
        capsUsd.forEach((t, c) -> {
            if (!(c >= 0)) {
                throw new IllegalArgumentException("the spending cap of tenant " + t + " must be >= 0, got " + c);
            }
        });
        this.defaultCapUsd = defaultCapUsd;
        this.capsUsd = Map.copyOf(capsUsd);
        this.totals = totals;
        this.period = period;
    }

    public static CappedSpendLedger from(OpenAiConfig config, SpendTotals totals) {
        return new CappedSpendLedger(config.defaultTenantCapUsd(), config.tenantCapsUsd(), totals);
    }

    @Override
    public void ensureCanSpend(String tenant, double estimateUsd) {
        double cap = cap(tenant);
        if (cap == Double.POSITIVE_INFINITY) {
            return; // uncapped: no read needed
        }
        double already = spent(tenant);
        if (already + Math.max(0, estimateUsd) > cap) {
            throw new SpendingCapExceededException(
                    String.format(Locale.ROOT, "Tenant %s has spent $%.4f of its $%.2f cap for AI image work%s; this step would cost about $%.4f",
                            tenant, already, cap, period, estimateUsd),
                    "raise the tenant's cap (REFINERY_OPENAI_TENANT_CAPS) or use the classic engine, which costs nothing");
        }
    }

    @Override
    public void record(String tenant, double costUsd) {
        totals.add(tenant, costUsd); // every SpendTotals refuses a negative or NaN cost (SpendTotalsContract)
    }

    @Override
    public double spent(String tenant) {
        return totals.spent(tenant);
    }

    @Override
    public double cap(String tenant) {
        return capsUsd.getOrDefault(tenant, defaultCapUsd);
    }
}
