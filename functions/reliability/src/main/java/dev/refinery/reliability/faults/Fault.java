package dev.refinery.reliability.faults;

import java.util.Objects;
import java.util.function.Function;

/**
 * One kind of failure a decorator injects: the exception it raises and when.
 *
 * @param name   short label used in reports ("s3-slowdown", "openai-429", "crash-after-write")
 * @param timing {@link Timing#BEFORE}: the call fails without reaching the real port;
 *               {@link Timing#AFTER}: the real call happens, then the caller sees the failure
 *               (a lost response, or a process that died right after its write)
 * @param error  builds the exception from the operation's context (a key, a session id)
 */
public record Fault(String name, Timing timing, Function<String, ? extends RuntimeException> error) {
    public enum Timing { BEFORE, AFTER }

    public Fault {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(error, "error");
    }

    public static Fault before(String name, Function<String, ? extends RuntimeException> error) {
        return new Fault(name, Timing.BEFORE, error);
    }

    public static Fault after(String name, Function<String, ? extends RuntimeException> error) {
        return new Fault(name, Timing.AFTER, error);
    }

    public RuntimeException raise(String context) {
        return error.apply(context);
    }
}
