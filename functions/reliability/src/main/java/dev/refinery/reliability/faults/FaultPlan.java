package dev.refinery.reliability.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Decides, call by call, whether a decorator injects a fault. Rules are tried in the order they
 * were added; the first that fires wins.
 *
 * <p>Two kinds of rule:
 * <ul>
 *   <li>scheduled ({@link #onCalls}, {@link #firstCalls}, {@link #always}): by the n-th call of
 *       the operation, counted over the whole plan (1-based) — for focused tests;</li>
 *   <li>random ({@link #atRate}): the decision is a hash of the seed, the operation, the call's
 *       context (an object key, a session) and how many times that operation already ran in that
 *       context. It does not depend on the order in which threads interleave, so the same seed
 *       replays the same faults for the same sessions (optimistic-lock retries, whose number
 *       depends on the interleaving, can shift later decisions of the same session).</li>
 * </ul>
 *
 * <p>Operations are dotted names ({@code images.put}, {@code sessions.saveVersion},
 * {@code engine.edit.lighting}, {@code s3.PutObject}, {@code dynamodb.TransactWriteItems});
 * rule patterns may use {@code *} for any characters.
 */
public final class FaultPlan<F> {
    /** A fault that fired. */
    public record Injection(String op, String context, long occurrence, String fault) {
    }

    private interface Rule<F> {
        F decide(String op, String context, long globalCall, long contextCall);
    }

    private final long seed;
    private final List<Rule<F>> rules = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> contextCalls = new ConcurrentHashMap<>();
    private final List<Injection> injections = new CopyOnWriteArrayList<>();
    private volatile boolean enabled = true;
    private volatile long maxInjections = Long.MAX_VALUE;
    private final java.util.function.Function<F, String> namer;

    private FaultPlan(long seed, java.util.function.Function<F, String> namer) {
        this.seed = seed;
        this.namer = namer;
    }

    /** A plan of port faults ({@link Fault}). */
    public static FaultPlan<Fault> seeded(long seed) {
        return new FaultPlan<>(seed, Fault::name);
    }

    /** A plan of any kind of fault, named for reports by {@code namer}. */
    public static <F> FaultPlan<F> seeded(long seed, java.util.function.Function<F, String> namer) {
        return new FaultPlan<>(seed, namer);
    }

    public long seed() {
        return seed;
    }

    /** Each call of a matching operation fails with probability {@code rate}, decided from the seed. */
    public FaultPlan<F> atRate(String opPattern, double rate, F fault) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("a rate is a probability, got " + rate);
        }
        Pattern p = glob(opPattern);
        long salt = mix(opPattern.hashCode() * 31L + namer.apply(fault).hashCode());
        rules.add((op, context, global, inContext) ->
                p.matcher(op).matches() && unit(seed, salt, op, context, inContext) < rate ? fault : null);
        return this;
    }

    /** The listed calls (1-based, counted per operation over the whole plan) fail. */
    public FaultPlan<F> onCalls(String opPattern, F fault, long... callNumbers) {
        Pattern p = glob(opPattern);
        java.util.Set<Long> which = new java.util.HashSet<>();
        for (long n : callNumbers) {
            which.add(n);
        }
        rules.add((op, context, global, inContext) -> p.matcher(op).matches() && which.contains(global) ? fault : null);
        return this;
    }

    /** The first {@code n} calls of each matching operation fail. */
    public FaultPlan<F> firstCalls(String opPattern, int n, F fault) {
        Pattern p = glob(opPattern);
        rules.add((op, context, global, inContext) -> p.matcher(op).matches() && global <= n ? fault : null);
        return this;
    }

    /**
     * The first call of a matching operation in each context fails (e.g. the first invocation of
     * every stage, for every session and loop iteration), later calls in that context do not.
     */
    public FaultPlan<F> firstInEachContext(String opPattern, F fault) {
        Pattern p = glob(opPattern);
        rules.add((op, context, global, inContext) -> p.matcher(op).matches() && inContext == 1 ? fault : null);
        return this;
    }

    /** Every call of a matching operation fails. */
    public FaultPlan<F> always(String opPattern, F fault) {
        Pattern p = glob(opPattern);
        rules.add((op, context, global, inContext) -> p.matcher(op).matches() ? fault : null);
        return this;
    }

    /** Every call of a matching operation whose context contains {@code contextPart} fails. */
    public FaultPlan<F> alwaysFor(String opPattern, String contextPart, F fault) {
        Pattern p = glob(opPattern);
        rules.add((op, context, global, inContext) -> p.matcher(op).matches() && context != null && context.contains(contextPart) ? fault : null);
        return this;
    }

    /** Injects at most {@code n} faults in total, whatever the rules say. */
    public FaultPlan<F> stopAfter(long n) {
        this.maxInjections = n;
        return this;
    }

    /** Stops injecting (calls are still counted), e.g. to inspect the stores through the same decorators. */
    public void disable() {
        enabled = false;
    }

    public void enable() {
        enabled = true;
    }

    /** Called by a decorator before each call: the fault to inject, if any. */
    public Optional<F> decide(String op, String context) {
        long global = calls.computeIfAbsent(op, k -> new AtomicLong()).incrementAndGet();
        long inContext = contextCalls.computeIfAbsent(op + '\u0000' + context, k -> new AtomicLong()).incrementAndGet();
        if (!enabled) {
            return Optional.empty();
        }
        for (Rule<F> r : rules) {
            F f = r.decide(op, context, global, inContext);
            if (f != null) {
                synchronized (injections) {
                    if (injections.size() >= maxInjections) {
                        return Optional.empty();
                    }
                    injections.add(new Injection(op, context, inContext, namer.apply(f)));
                }
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Every fault injected so far, in order. */
    public List<Injection> injections() {
        return new ArrayList<>(injections);
    }

    /** Injected faults by "operation fault-name". */
    public Map<String, Long> injectedCounts() {
        Map<String, Long> out = new TreeMap<>();
        for (Injection i : injections) {
            out.merge(i.op() + " " + i.fault(), 1L, Long::sum);
        }
        return out;
    }

    /** How often each operation was called (injected or not). */
    public Map<String, Long> callCounts() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public long calls(String op) {
        AtomicLong n = calls.get(op);
        return n == null ? 0 : n.get();
    }

    static Pattern glob(String pattern) {
        return Pattern.compile(java.util.Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".*")));
    }

    /** A number in [0, 1) from the seed and the call's identity (SplitMix64 finaliser). */
    static double unit(long seed, long salt, String op, String context, long occurrence) {
        long h = seed;
        h = mix(h ^ salt);
        h = mix(h ^ op.hashCode());
        h = mix(h ^ (context == null ? 0 : context.hashCode() * 0x9E3779B97F4A7C15L));
        h = mix(h ^ occurrence * 0xBF58476D1CE4E5B9L);
        return (h >>> 11) * 0x1.0p-53;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
