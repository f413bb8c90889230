package dev.refinery.openai;

import java.util.Map;

class InMemorySpendLedgerTest extends SpendLedgerContract {
    @Override
    SpendLedger ledger(double defaultCap, Map<String, Double> caps) {
        return new InMemorySpendLedger(defaultCap, caps);
    }
}
