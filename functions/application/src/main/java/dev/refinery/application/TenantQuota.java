package dev.refinery.application;

import dev.refinery.ports.WindowCounters;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Each tenant's new sessions per minute and per day (UTC), counted where every container sees them
 * ({@link WindowCounters}): one tenant's burst cannot take the model stages' reserved concurrency from the
 * others. {@code POST /sessions} and the upload trigger count a session; {@code POST /uploads} only looks,
 * so a browser is told before it uploads a photo that would be refused.
 */
public final class TenantQuota {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    /** How a refusal's message starts (the upload trigger recognises a session the quota refused by it). */
    public static final String REFUSED = "Your account's quota of ";

    private final WindowCounters counters;
    private final int perMinute;
    private final int perDay;

    public TenantQuota(WindowCounters counters, int perMinute, int perDay) {
        if (perMinute < 1 || perDay < 1) {
            throw new IllegalArgumentException("quotas must be >= 1, got " + perMinute + " a minute and " + perDay + " a day");
        }
        this.counters = counters;
        this.perMinute = perMinute;
        this.perDay = perDay;
    }

    /** Counts one new session of the tenant, or throws saying when it may start one again. */
    public void admit(String tenant, Instant now) {
        Instant nextMinute = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant nextDay = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        // the day first: a refusal there must not use up the minute's
        if (!counters.tryCount(tenant, "day#" + DAY.format(now), perDay, nextDay.plus(Duration.ofDays(1)))) {
            throw refused(perDay + " new sessions a day", now, nextDay);
        }
        if (!counters.tryCount(tenant, "minute#" + MINUTE.format(now), perMinute, nextMinute.plus(Duration.ofHours(1)))) {
            throw refused(perMinute + " new sessions a minute", now, nextMinute);
        }
    }

    /** Throws when the tenant could not start a session now; counts nothing. */
    public void check(String tenant, Instant now) {
        if (counters.count(tenant, "day#" + DAY.format(now)) >= perDay) {
            throw refused(perDay + " new sessions a day", now, now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)));
        }
        if (counters.count(tenant, "minute#" + MINUTE.format(now)) >= perMinute) {
            throw refused(perMinute + " new sessions a minute", now, now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)));
        }
    }

    private static QuotaExceededException refused(String limit, Instant now, Instant until) {
        long seconds = Math.max(1, Duration.between(now, until).toSeconds() + 1);
        return new QuotaExceededException(REFUSED + limit + " is used up", seconds);
    }
}
