package dev.refinery.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallDeadlineTest {
    private static final Duration LIMIT = Duration.ofSeconds(180);

    private static Duration timeoutWith(Duration remaining) {
        return CallDeadline.within(remaining, () -> CallDeadline.callTimeout(LIMIT)).orElse(Duration.ZERO);
    }

    @Test
    void withoutAnInvocationDeadlineACallGetsItsOwnLimit() {
        assertThat(CallDeadline.remaining()).isEmpty();
        assertThat(CallDeadline.callTimeout(LIMIT)).contains(LIMIT);
    }

    @Test
    void aCallEndsBeforeTheInvocationAndLeavesTimeToStoreItsAnswer() {
        // a 180 s client timeout inside a function with 120 s left: about 105 s, 15 s kept
        assertThat(timeoutWith(Duration.ofSeconds(120))).isBetween(Duration.ofSeconds(104), Duration.ofSeconds(105));
        // little left: a quarter kept
        assertThat(timeoutWith(Duration.ofSeconds(20))).isBetween(Duration.ofSeconds(14), Duration.ofSeconds(15));
        // plenty left: the call's own limit
        assertThat(timeoutWith(Duration.ofSeconds(600))).isEqualTo(LIMIT);
        // none left: no call
        assertThat(CallDeadline.within(Duration.ofSeconds(-1), () -> CallDeadline.callTimeout(LIMIT))).isEmpty();
    }

    @Test
    void theDeadlineIsTheInvocationsOnlyAndIsRestoredAfter() {
        CallDeadline.within(Duration.ofSeconds(60), () -> {
            Optional<Duration> inner = CallDeadline.within(Duration.ofSeconds(10), CallDeadline::remaining);
            assertThat(inner.orElseThrow()).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10));
            assertThat(CallDeadline.remaining().orElseThrow()).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(60));
            return null;
        });
        assertThat(CallDeadline.remaining()).isEmpty();
    }
}
