package dev.refinery.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.ports.WindowCounters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link WindowCounters} adapter must do. Tenants are random per test, so one adapter may serve the class. */
public abstract class WindowCountersContract {
    private static final Instant LATER = Instant.now().plusSeconds(3600);

    protected abstract WindowCounters counters();

    /**
     * Whether the store behind the adapter applies a conditional write atomically, as DynamoDB documents for
     * UpdateItem with a ConditionExpression. moto_server does not (its threads race the condition and the write:
     * 26 of 25 counted once in CI), so its run skips the concurrency test and says why.
     */
    protected boolean storeSerialisesConditionalWrites() {
        return true;
    }

    private WindowCounters counters;
    private String tenant;

    @BeforeEach
    void fresh() {
        counters = counters();
        tenant = "t-" + UUID.randomUUID();
    }

    @Test
    void countsUpToTheLimitPerTenantAndWindow() {
        for (int i = 0; i < 3; i++) {
            assertThat(counters.tryCount(tenant, "minute-1", 3, LATER)).as("call %d", i + 1).isTrue();
        }
        assertThat(counters.tryCount(tenant, "minute-1", 3, LATER)).isFalse();
        assertThat(counters.count(tenant, "minute-1")).isEqualTo(3);
        assertThat(counters.tryCount(tenant, "minute-2", 3, LATER)).as("another window").isTrue();
        assertThat(counters.tryCount(tenant + "-other", "minute-1", 3, LATER)).as("another tenant").isTrue();
        assertThat(counters.count(tenant, "never")).isZero();
    }

    @Test
    void concurrentCallersTogetherNeverPassTheLimit() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(storeSerialisesConditionalWrites(),
                "this store does not apply conditional writes atomically (moto_server); DynamoDB does");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                calls.add(pool.submit(() -> counters.tryCount(tenant, "day", 25, LATER)));
            }
            int counted = 0;
            for (Future<Boolean> c : calls) {
                counted += c.get() ? 1 : 0;
            }
            assertThat(counted).isEqualTo(25);
            assertThat(counters.count(tenant, "day")).isEqualTo(25);
        } finally {
            pool.shutdownNow();
        }
    }
}
