package dev.refinery.ports;

import java.time.Instant;

/**
 * Per-tenant counters over named time windows ("minute 2026-12-06T08:20", "day 2026-12-06"), shared by every
 * process that serves the tenant: the per-tenant quotas count new sessions with them.
 */
public interface WindowCounters {
    /**
     * Adds one to the tenant's counter for {@code window} unless it has reached {@code limit}; atomic, so
     * concurrent callers together never pass the limit.
     *
     * @param expiresAt when the counter may be forgotten (after its window)
     * @return whether this call was counted
     */
    boolean tryCount(String tenant, String window, long limit, Instant expiresAt);

    /** The tenant's count in {@code window} (0 when none). */
    long count(String tenant, String window);
}
