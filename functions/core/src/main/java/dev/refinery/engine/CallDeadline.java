package dev.refinery.engine;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The time the current invocation has left, for engines that call slow services: a stage Lambda sets it
 * from its context's remaining time around its work, and a model call takes its timeout from it, so the
 * call ends (as a retryable timeout) before Lambda kills the function mid-call and the paid answer is lost
 * (issue 13: the client waited 180 s per attempt inside a 180 s function). Per thread, because one
 * invocation runs on one thread; absent outside a stage Lambda (the command line, tests). Measured on the
 * monotonic clock, never on a wall clock a test may have set to another day.
 */
public final class CallDeadline {
    private static final ThreadLocal<Long> DEADLINE_NANOS = new ThreadLocal<>();
    private static final Duration MAX_KEPT = Duration.ofSeconds(15);

    private CallDeadline() {
    }

    /** Runs {@code work} with {@code remaining} left in the current invocation (null: no limit). */
    public static <T> T within(Duration remaining, Supplier<T> work) {
        Long outer = DEADLINE_NANOS.get();
        if (remaining == null) {
            DEADLINE_NANOS.remove();
        } else {
            DEADLINE_NANOS.set(System.nanoTime() + remaining.toNanos());
        }
        try {
            return work.get();
        } finally {
            if (outer == null) {
                DEADLINE_NANOS.remove();
            } else {
                DEADLINE_NANOS.set(outer);
            }
        }
    }

    /** The time left in the current invocation, if it has a limit. */
    public static Optional<Duration> remaining() {
        Long d = DEADLINE_NANOS.get();
        return d == null ? Optional.empty() : Optional.of(Duration.ofNanos(d - System.nanoTime()));
    }

    /**
     * How long a call started now may take: {@code limit}, or less when the invocation ends sooner, keeping a
     * quarter of what is left (at most 15 s) to store the answer. Empty when no time is left for a call at all.
     */
    public static Optional<Duration> callTimeout(Duration limit) {
        Optional<Duration> left = remaining();
        if (left.isEmpty()) {
            return Optional.of(limit);
        }
        Duration l = left.get();
        Duration keep = l.dividedBy(4).compareTo(MAX_KEPT) < 0 ? l.dividedBy(4) : MAX_KEPT;
        Duration usable = l.minus(keep);
        if (usable.isNegative() || usable.isZero()) {
            return Optional.empty();
        }
        return Optional.of(usable.compareTo(limit) < 0 ? usable : limit);
    }
}
