package dev.refinery.openai;

import dev.refinery.ports.memory.InMemorySpendTotals;
import java.util.Map;

/**
 * The caps over this process's own totals: right for {@code make refine} and tests. Deployed, the
 * stage functions use {@link CappedSpendLedger} over the table's totals instead.
 */
public final class InMemorySpendLedger extends CappedSpendLedger {

    /**
     * @param defaultCapUsd cap for tenants without their own; {@link Double#POSITIVE_INFINITY} for none
     * @param capsUsd       per-tenant caps
     */
    public InMemorySpendLedger(double defaultCapUsd, Map<String, Double> capsUsd) {
        super(defaultCapUsd, capsUsd, new InMemorySpendTotals(), "");
    }

    public static InMemorySpendLedger from(OpenAiConfig config) {
        return new InMemorySpendLedger(config.defaultTenantCapUsd(), config.tenantCapsUsd());
    }
}
