package dev.refinery.reliability.faults;

import dev.refinery.domain.ConflictException;
import dev.refinery.domain.RetryLaterException;
import dev.refinery.domain.TransientRefineryException;
import dev.refinery.openai.ModelServerException;
import dev.refinery.openai.ModelTimeoutException;
import dev.refinery.openai.ModerationBlockedException;
import dev.refinery.openai.RateLimitedException;

/**
 * The faults the suites inject at the ports and at the engine boundary.
 *
 * <p>The image model's failures are the openai engine's own typed exceptions, the names the state
 * machine matches: a 429 is RateLimitedException, a 5xx ModelServerException, a timeout
 * ModelTimeoutException (all retried), a 429 whose Retry-After is longer than the engine waits is
 * the core's RetryLaterException (waited for), a moderation refusal ModerationBlockedException (not retried).
 */
public final class Faults {
    private Faults() {
    }

    // ---------------------------------------------------------------- the image model (OpenAI)

    public static Fault modelRateLimited() {
        return Fault.before("model-429", ctx -> new RateLimitedException(
                "The image model answered 429 Too Many Requests (injected, " + ctx + ")", -1, null));
    }

    public static Fault modelRetryAfter(long seconds) {
        return Fault.before("model-429-retry-after", ctx -> new RetryLaterException(
                "The image model answered 429 with Retry-After " + seconds + " (injected, " + ctx + ")", seconds, null));
    }

    public static Fault modelServerError() {
        return Fault.before("model-500", ctx -> new ModelServerException(
                "The image model answered 500 Internal Server Error (injected, " + ctx + ")", 500, null));
    }

    public static Fault modelTimeout() {
        return Fault.before("model-timeout", ctx -> new ModelTimeoutException(
                "The image model did not answer within its timeout (injected, " + ctx + ")", null));
    }

    public static Fault modelModeration() {
        return Fault.before("model-moderation", ctx -> new ModerationBlockedException(
                "The image service refused the request (moderation_blocked, injected)", java.util.List.of("injected"), null));
    }

    // ---------------------------------------------------------------- stores and services

    /** What an adapter reports after the SDK gave up on throttling or a 5xx. */
    public static Fault storeUnavailable(String service) {
        return Fault.before(service + "-unavailable", ctx -> new TransientRefineryException(
                service + " throttled or failed the request (injected, " + ctx + ")", null));
    }

    /** The store did the write, but the caller never heard back. */
    public static Fault responseLost(String service) {
        return Fault.after(service + "-response-lost", ctx -> new TransientRefineryException(
                service + " connection reset after the request was processed (injected, " + ctx + ")", null));
    }

    public static Fault conflict() {
        return Fault.before("conflict", ctx -> new ConflictException("Injected concurrent change of " + ctx));
    }

    /**
     * The function dies here (out of memory, killed container): not an exception the code handles.
     * A harness that models Lambda reports it as {@code Lambda.Unknown}.
     */
    public static Fault crash() {
        return Fault.before("crash", InjectedCrash::new);
    }

    /** The function dies right after this call's effect (e.g. after writing the image, before recording it). */
    public static Fault crashAfter() {
        return Fault.after("crash-after", InjectedCrash::new);
    }

    /** A process death, as opposed to an error the code reports. */
    public static final class InjectedCrash extends RuntimeException {
        public InjectedCrash(String context) {
            super("injected crash at " + context);
        }
    }
}
