package dev.refinery.reliability.faults;

import dev.refinery.domain.ConflictException;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.RetryLaterException;
import dev.refinery.domain.TransientRefineryException;

/**
 * The faults the suites inject at the ports and at the engine boundary.
 *
 * <p>The model's failures use the core's exceptions, which is what the state machine matches
 * until the openai module (its typed RateLimited/ModelServer/ModelTimeout/ModerationBlocked
 * exceptions extend these) is part of the build: 429 and 5xx and timeouts are
 * TransientRefineryException (retried), a 429 with a long Retry-After is RetryLaterException
 * (waited for), a moderation refusal is InvalidInputException (not retried).
 */
public final class Faults {
    private Faults() {
    }

    // ---------------------------------------------------------------- the image model (OpenAI)

    public static Fault modelRateLimited() {
        return Fault.before("model-429", ctx -> new TransientRefineryException(
                "The image model answered 429 Too Many Requests (injected, " + ctx + ")", null));
    }

    public static Fault modelRetryAfter(long seconds) {
        return Fault.before("model-429-retry-after", ctx -> new RetryLaterException(
                "The image model answered 429 with Retry-After " + seconds + " (injected, " + ctx + ")", seconds, null));
    }

    public static Fault modelServerError() {
        return Fault.before("model-500", ctx -> new TransientRefineryException(
                "The image model answered 500 Internal Server Error (injected, " + ctx + ")", null));
    }

    public static Fault modelTimeout() {
        return Fault.before("model-timeout", ctx -> new TransientRefineryException(
                "The image model did not answer within its timeout (injected, " + ctx + ")", null));
    }

    public static Fault modelModeration() {
        return Fault.before("model-moderation", ctx -> new InvalidInputException(
                "The image service refused the request (moderation_blocked, injected)",
                "change the photo or the wording of the feedback; the model's safety system refused this request"));
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
