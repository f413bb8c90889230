package dev.refinery.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallDeadlineTest {
    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
    private static final Duration LIMIT = Duration.ofSeconds(180);

    @Test
    void withoutAnInvocationDeadlineACallGetsItsOwnLimit() {
        assertThat(CallDeadline.remaining(NOW)).isEmpty();
        assertThat(CallDeadline.callTimeout(NOW, LIMIT)).contains(LIMIT);
    }

    @Test
    void aCallEndsBeforeTheInvocationAndLeavesTimeToStoreItsAnswer() {
        // a 180 s client timeout inside a function with 120 s left: 105 s, 15 s kept
        assertThat(CallDeadline.within(NOW.plusSeconds(120), () -> CallDeadline.callTimeout(NOW, LIMIT))).contains(Duration.ofSeconds(105));
        // little left: a quarter kept
        assertThat(CallDeadline.within(NOW.plusSeconds(20), () -> CallDeadline.callTimeout(NOW, LIMIT))).contains(Duration.ofSeconds(15));
        // plenty left: the call's own limit
        assertThat(CallDeadline.within(NOW.plusSeconds(600), () -> CallDeadline.callTimeout(NOW, LIMIT))).contains(LIMIT);
        // none left: no call
        assertThat(CallDeadline.within(NOW.minusSeconds(1), () -> CallDeadline.callTimeout(NOW, LIMIT))).isEmpty();
    }

    @Test
    void theDeadlineIsTheInvocationsOnlyAndIsRestoredAfter() {
        CallDeadline.within(NOW.plusSeconds(60), () -> {
            assertThat(CallDeadline.within(NOW.plusSeconds(10), () -> CallDeadline.remaining(NOW))).contains(Duration.ofSeconds(10));
            assertThat(CallDeadline.remaining(NOW)).contains(Duration.ofSeconds(60));
            return null;
        });
        assertThat(CallDeadline.remaining(NOW)).isEmpty();
    }
}
