package dev.refinery.testkit;

import dev.refinery.ports.SpendTotals;
import dev.refinery.ports.memory.InMemorySpendTotals;

class InMemorySpendTotalsTest extends SpendTotalsContract {
    private final InMemorySpendTotals totals = new InMemorySpendTotals();

    @Override
    protected SpendTotals totals() {
        return totals;
    }
}
