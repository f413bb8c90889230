package dev.refinery.local.store;

import static dev.refinery.local.store.Jdbc.execute;
import static dev.refinery.local.store.Jdbc.query;

import dev.refinery.domain.ConflictException;
import dev.refinery.ports.SpendTotals;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Each tenant's AI spending per calendar month (UTC) in the local stack's database, as the DynamoDB adapter keeps it:
 * one row per tenant and month, raised by one atomic UPDATE (the month's first cost inserts it; an insert that loses a
 * race to a concurrent one becomes the update). Shared by the openai engine, which checks the tenant's cap against
 * it, and the API, which shows it (GET /spend); kept across restarts, as the table's totals are.
 */
public final class H2SpendTotals implements SpendTotals {
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    private final H2Database db;
    private final Clock clock;

    public H2SpendTotals(H2Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        db.migrate("""
                CREATE TABLE IF NOT EXISTS ai_spend (
                  tenant VARCHAR(64) NOT NULL, spend_month CHAR(7) NOT NULL, spent_usd DOUBLE PRECISION NOT NULL,
                  PRIMARY KEY (tenant, spend_month))""");
    }

    @Override
    public void add(String tenant, double usd) {
        if (!(usd >= 0)) {
            throw new IllegalArgumentException("a cost must be >= 0, got " + usd);
        }
        String month = MONTH.format(clock.instant());
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                db.inTransaction(c -> {
                    if (execute(c, "UPDATE ai_spend SET spent_usd = spent_usd + ? WHERE tenant = ? AND spend_month = ?", usd, tenant, month) == 0) {
                        execute(c, "INSERT INTO ai_spend (tenant, spend_month, spent_usd) VALUES (?, ?, ?)", tenant, month, usd);
                    }
                    return null;
                });
                return;
            } catch (Jdbc.DuplicateKeyException e) {
                // a concurrent first cost of the month inserted the row: this attempt adds to it
            }
        }
        throw new ConflictException("the spending of tenant " + tenant + " kept changing during the write");
    }

    @Override
    public double spent(String tenant) {
        List<Double> rows = db.call(c -> query(c, "SELECT spent_usd FROM ai_spend WHERE tenant = ? AND spend_month = ?",
                rs -> rs.getDouble("spent_usd"), tenant, MONTH.format(clock.instant())));
        return rows.isEmpty() ? 0 : rows.get(0);
    }
}
