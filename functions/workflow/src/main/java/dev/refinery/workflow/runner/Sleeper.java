package dev.refinery.workflow.runner;

import java.time.Duration;

/** How the runner waits (Wait states, Retry intervals); tests pass a {@link ManualClock} so nothing really sleeps. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL = duration -> {
        if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration.toMillis());
        }
    };
}
