package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every {@link SpendLedger} does; each implementation's test extends this. */
abstract class SpendLedgerContract {
    /** A ledger with a default cap of $1 and tenant "big" capped at $10. */
    abstract SpendLedger ledger(double defaultCap, Map<String, Double> caps);

    @Test
    void spendingAddsUpPerTenant() {
        SpendLedger l = ledger(1.0, Map.of());
        l.record("a", 0.25);
        l.record("a", 0.5);
        l.record("b", 0.1);
        assertThat(l.spent("a")).isCloseTo(0.75, within(1e-12));
        assertThat(l.spent("b")).isCloseTo(0.1, within(1e-12));
        assertThat(l.spent("c")).isZero();
    }

    @Test
    void aCallThatWouldPassTheCapIsRefused() {
        SpendLedger l = ledger(1.0, Map.of("big", 10.0));
        l.record("a", 0.9);
        l.ensureCanSpend("a", 0.05);
        assertThatThrownBy(() -> l.ensureCanSpend("a", 0.2))
                .isInstanceOf(SpendingCapExceededException.class)
                .hasMessageContaining("Tenant a has spent $0.9000 of its $1.00 cap");
        l.record("big", 5);
        l.ensureCanSpend("big", 4);
        assertThat(l.cap("big")).isEqualTo(10.0);
        assertThat(l.cap("a")).isEqualTo(1.0);
    }

    @Test
    void aZeroCapRefusesEverything() {
        SpendLedger l = ledger(0, Map.of());
        assertThatThrownBy(() -> l.ensureCanSpend("a", 0.001)).isInstanceOf(SpendingCapExceededException.class);
    }

    @Test
    void negativeCostsAreRejected() {
        SpendLedger l = ledger(1, Map.of());
        assertThatThrownBy(() -> l.record("a", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentRecordsAreNotLost() throws InterruptedException {
        SpendLedger l = ledger(1e9, Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 1000; i++) {
            pool.submit(() -> l.record("a", 0.001));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(l.spent("a")).isCloseTo(1.0, within(1e-9));
    }
}
