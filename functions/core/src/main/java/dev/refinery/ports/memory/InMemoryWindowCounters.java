package dev.refinery.ports.memory;

import dev.refinery.ports.WindowCounters;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link WindowCounters} in this process's memory (tests, the command line, the local stack). */
public final class InMemoryWindowCounters implements WindowCounters {
    private final Map<String, Long> counts = new ConcurrentHashMap<>();

    @Override
    public boolean tryCount(String tenant, String window, long limit, Instant expiresAt) {
        boolean[] counted = {false};
        counts.compute(tenant + "\n" + window, (k, n) -> {
            long current = n == null ? 0 : n;
            if (current >= limit) {
                return current;
            }
            counted[0] = true;
            return current + 1;
        });
        return counted[0];
    }

    @Override
    public long count(String tenant, String window) {
        return counts.getOrDefault(tenant + "\n" + window, 0L);
    }
}
