package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.ports.memory.InMemorySpendTotals;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CappedSpendLedgerTest extends SpendLedgerContract {
    @Override
    SpendLedger ledger(double defaultCap, Map<String, Double> caps) {
        return new CappedSpendLedger(defaultCap, caps, new InMemorySpendTotals());
    }

    @Test
    void twoContainersSharingTheTotalsShareTheCap() {
        InMemorySpendTotals table = new InMemorySpendTotals();
        SpendLedger first = new CappedSpendLedger(1.0, Map.of(), table);
        SpendLedger second = new CappedSpendLedger(1.0, Map.of(), table);
        first.record("acme", 0.7);
        second.record("acme", 0.2);
        assertThatThrownBy(() -> first.ensureCanSpend("acme", 0.2)).isInstanceOf(SpendingCapExceededException.class)
                .hasMessageContaining("$0.9000 of its $1.00 cap for AI image work this month");
        assertThatThrownBy(() -> second.ensureCanSpend("acme", 0.2)).isInstanceOf(SpendingCapExceededException.class);
        assertThat(new InMemorySpendLedger(1.0, Map.of()).spent("acme")).as("a per-process ledger sees none of it").isZero();
    }
}
