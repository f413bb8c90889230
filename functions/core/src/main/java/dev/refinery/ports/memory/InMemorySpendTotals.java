package dev.refinery.ports.memory;

import dev.refinery.ports.SpendTotals;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link SpendTotals} of one process (tests, {@code make refine}); it has no months: totals since it was made. */
public final class InMemorySpendTotals implements SpendTotals {
    private final Map<String, Double> spent = new ConcurrentHashMap<>();

    @Override
    public void add(String tenant, double usd) {
        if (!(usd >= 0)) {
            throw new IllegalArgumentException("a cost must be >= 0, got " + usd);
        }
        spent.merge(tenant, usd, Double::sum);
    }

    @Override
    public double spent(String tenant) {
        return spent.getOrDefault(tenant, 0.0);
    }
}
