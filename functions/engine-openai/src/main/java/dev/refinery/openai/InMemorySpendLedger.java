package dev.refinery.openai;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SpendLedger} in this process's memory: right for {@code make refine} and tests, and as
 * a per-container guard. Caps come from configuration (a default and per-tenant overrides).
 */
public final class InMemorySpendLedger implements SpendLedger {
    private final double defaultCapUsd;
    private final Map<String, Double> capsUsd;
    private final Map<String, Double> spent = new ConcurrentHashMap<>();

    /**
     * @param defaultCapUsd cap for tenants without their own; {@link Double#POSITIVE_INFINITY} for none
     * @param capsUsd       per-tenant caps
     */
    public InMemorySpendLedger(double defaultCapUsd, Map<String, Double> capsUsd) {
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
    }

    public static InMemorySpendLedger from(OpenAiConfig config) {
        return new InMemorySpendLedger(config.defaultTenantCapUsd(), config.tenantCapsUsd());
    }

    @Override
    public void ensureCanSpend(String tenant, double estimateUsd) {
        double cap = cap(tenant);
        double already = spent(tenant);
        if (already + Math.max(0, estimateUsd) > cap) {
            throw new SpendingCapExceededException(
                    String.format(Locale.ROOT, "Tenant %s has spent $%.4f of its $%.2f cap for AI image work; this step would cost about $%.4f",
                            tenant, already, cap, estimateUsd),
                    "raise the tenant's cap (REFINERY_OPENAI_TENANT_CAPS) or use the classic engine, which costs nothing");
        }
    }

    @Override
    public void record(String tenant, double costUsd) {
        if (costUsd < 0 || Double.isNaN(costUsd)) {
            throw new IllegalArgumentException("a cost must be >= 0, got " + costUsd);
        }
        spent.merge(tenant, costUsd, Double::sum);
    }

    @Override
    public double spent(String tenant) {
        return spent.getOrDefault(tenant, 0.0);
    }

    @Override
    public double cap(String tenant) {
        return capsUsd.getOrDefault(tenant, defaultCapUsd);
    }
}
