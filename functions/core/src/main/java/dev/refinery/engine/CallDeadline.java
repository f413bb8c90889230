package dev.refinery.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The time the current invocation has left, for engines that call slow services: a stage Lambda sets it
 * from its context's remaining time around its work, and a model call takes its timeout from it, so the
 * call ends (as a retryable timeout) before Lambda kills the function mid-call and the paid answer is lost
 * (issue 13: the client waited 180 s per attempt inside a 180 s function). Per thread, because one
 * invocation runs on one thread; absent outside a stage Lambda (the command line, tests).
 */
public final class CallDeadline {
    private static final ThreadLocal<Instant> DEADLINE = new ThreadLocal<>();

    private CallDeadline() {
    }

    /** Runs {@code work} with {@code deadline} as the current invocation's end (null: none). */
    public static <T> T within(Instant deadline, Supplier<T> work) {
        Instant outer = DEADLINE.get();
        DEADLINE.set(deadline);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                DEADLINE.remove();
            } else {
                DEADLINE.set(outer);
            }
        }
    }

    /** The time left until the current invocation's end, if one was set. */
    public static Optional<Duration> remaining(Instant now) {
        Instant d = DEADLINE.get();
        return d == null ? Optional.empty() : Optional.of(Duration.between(now, d));
    }

    /**
     * How long a call started {@code now} may take: {@code limit}, or less when the invocation ends sooner, keeping
     * a quarter of what is left (at most 15 s) to store the answer. Empty when no time is left for a call at all.
     */
    public static Optional<Duration> callTimeout(Instant now, Duration limit) {
        Optional<Duration> left = remaining(now);
        if (left.isEmpty()) {
            return Optional.of(limit);
        }
        Duration l = left.get();
        Duration keep = l.dividedBy(4).compareTo(Duration.ofSeconds(15)) < 0 ? l.dividedBy(4) : Duration.ofSeconds(15);
        Duration usable = l.minus(keep);
        if (usable.isNegative() || usable.isZero()) {
            return Optional.empty();
        }
        return Optional.of(usable.compareTo(limit) < 0 ? usable : limit);
    }
}
