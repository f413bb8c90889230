package dev.refinery.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.ports.memory.InMemoryWindowCounters;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TenantQuotaTest {
    private static final Instant T = Instant.parse("2026-12-06T08:20:45Z");

    @Test
    void aMinutesQuotaRefusesUntilTheNextMinuteAndLookingCountsNothing() {
        TenantQuota q = new TenantQuota(new InMemoryWindowCounters(), 3, 100);
        for (int i = 0; i < 3; i++) {
            q.check("acme", T);
            q.admit("acme", T);
        }
        assertThatThrownBy(() -> q.check("acme", T)).isInstanceOf(QuotaExceededException.class);
        assertThatThrownBy(() -> q.admit("acme", T)).isInstanceOfSatisfying(QuotaExceededException.class, e -> {
            assertThat(e.retryAfterSeconds()).isEqualTo(16); // 15 s to 08:21, and a second's margin
            assertThat(e.getMessage()).startsWith(TenantQuota.REFUSED).contains("3 new sessions a minute");
        });
        q.admit("acme", T.plusSeconds(15));
        q.admit("globex", T);
    }

    @Test
    void aDaysQuotaRefusesUntilMidnightUtcAndARefusalUsesNoMinute() {
        TenantQuota q = new TenantQuota(new InMemoryWindowCounters(), 2, 2);
        q.admit("acme", T);
        q.admit("acme", T.plusSeconds(60));
        assertThatThrownBy(() -> q.admit("acme", T.plusSeconds(120))).isInstanceOfSatisfying(QuotaExceededException.class,
                e -> assertThat(e.getMessage()).contains("2 new sessions a day"));
        q.admit("acme", Instant.parse("2026-12-07T00:00:01Z"));
    }
}
