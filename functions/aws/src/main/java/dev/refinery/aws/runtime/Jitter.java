package dev.refinery.aws.runtime;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Random back-off pauses that differ between containers restored from one SnapStart snapshot. Every container
 * restored from a snapshot starts with the same memory, so a generator seeded during init (or
 * {@code ThreadLocalRandom} on a thread that used it before the snapshot) draws the same "random" pauses in all of
 * them, and contending writers that back off in lock step collide again. {@link #reseed()} runs after every restore
 * ({@code handlers.Priming#afterRestore}) and takes its seed from {@link SecureRandom}, which the Lambda runtime
 * re-seeds on restore.
 */
public final class Jitter {
    private static volatile Random random = new Random(new SecureRandom().nextLong());

    private Jitter() {
    }

    /** A pause in [origin, bound) milliseconds. */
    public static long millis(long origin, long bound) {
        return origin + (long) (random.nextDouble() * (bound - origin));
    }

    /** A new seed, drawn now: after a restore, so each restored container has its own. */
    public static void reseed() {
        random = new Random(new SecureRandom().nextLong());
    }
}
