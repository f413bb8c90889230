package dev.refinery.local.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.refinery.ports.SpendTotals;
import dev.refinery.testkit.SpendTotalsContract;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SpendTotals contract (the one DynamoDB passes on moto_server) on the embedded H2 database, and its months. */
class H2SpendTotalsContractTest extends SpendTotalsContract {
    @TempDir
    static Path dir;
    private static H2Database db;
    private static H2SpendTotals totals;

    @BeforeAll
    static void open() {
        db = H2Database.file(dir.resolve("db"));
        totals = new H2SpendTotals(db, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Override
    protected SpendTotals totals() {
        return totals;
    }

    @Test
    void aNewMonthStartsFromZeroAndTheOldOneIsKept() {
        H2SpendTotals november = new H2SpendTotals(db, Clock.fixed(Instant.parse("2026-11-30T23:59:00Z"), ZoneOffset.UTC));
        H2SpendTotals december = new H2SpendTotals(db, Clock.fixed(Instant.parse("2026-12-01T00:01:00Z"), ZoneOffset.UTC));
        november.add("month-test", 1.5);
        november.add("month-test", 0.25);
        assertThat(december.spent("month-test")).isZero();
        december.add("month-test", 0.1);
        assertThat(november.spent("month-test")).isCloseTo(1.75, within(1e-9));
        assertThat(december.spent("month-test")).isCloseTo(0.1, within(1e-9));
    }
}
