package dev.refinery.workflow;

import dev.refinery.workflow.RefineryStateMachine.LambdaFunction;
import dev.refinery.workflow.runner.AslRunner;
import dev.refinery.workflow.runner.ManualClock;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * In-process stand-ins for the eight Lambda functions, written like the real handlers
 * (Map in, Map out, serialised as the Java Lambda runtime does). Each records the payloads it got;
 * scripted behaviour (throw, return) is queued per function, the default is a plain success.
 */
final class FakeStages {
    final ManualClock time = new ManualClock();
    private final Map<LambdaFunction, List<Map<String, Object>>> calls = new EnumMap<>(LambdaFunction.class);
    private final Map<LambdaFunction, Deque<Function<Map<String, Object>, Map<String, Object>>>> scripts = new HashMap<>();
    private final Map<LambdaFunction, Function<Map<String, Object>, Map<String, Object>>> fallbacks = new HashMap<>();
    private int version;

    FakeStages() {
        for (LambdaFunction f : LambdaFunction.values()) {
            calls.put(f, new ArrayList<>());
        }
        fallback(LambdaFunction.QUALITY_CHECK, in -> check(true, null, null, null, "all presets pass"));
    }

    /** The next call of {@code f} behaves like {@code behaviour}; queued calls run in order. */
    FakeStages then(LambdaFunction f, Function<Map<String, Object>, Map<String, Object>> behaviour) {
        scripts.computeIfAbsent(f, k -> new ArrayDeque<>()).add(behaviour);
        return this;
    }

    FakeStages thenThrow(LambdaFunction f, RuntimeException e) {
        return then(f, in -> {
            throw e;
        });
    }

    /** What {@code f} does once its queue is empty. */
    FakeStages fallback(LambdaFunction f, Function<Map<String, Object>, Map<String, Object>> behaviour) {
        fallbacks.put(f, behaviour);
        return this;
    }

    AslRunner runner() {
        AslRunner.Builder b = AslRunner.builder(RefineryStateMachine.localDefinition()).manualTime(time).randomSeed(7);
        for (LambdaFunction f : LambdaFunction.values()) {
            b.mapHandler(f.localArn(), in -> {
                calls.get(f).add(in);
                Deque<Function<Map<String, Object>, Map<String, Object>>> queue = scripts.get(f);
                if (queue != null && !queue.isEmpty()) {
                    return queue.poll().apply(in);
                }
                Function<Map<String, Object>, Map<String, Object>> fb = fallbacks.get(f);
                return fb != null ? fb.apply(in) : success(f, in);
            });
        }
        return b.build();
    }

    List<Map<String, Object>> calls(LambdaFunction f) {
        return calls.get(f);
    }

    private Map<String, Object> success(LambdaFunction f, Map<String, Object> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", in.get("tenant"));
        out.put("sessionId", in.get("sessionId"));
        switch (f) {
            case FINALIZE -> {
                out.put("stage", "finalize");
                out.put("versions", List.of(++version, ++version));
            }
            case PUBLISHER, FAILURE_RECORDER -> out.put("recorded", true);
            default -> {
                out.put("stage", f.name().toLowerCase());
                out.put("version", ++version);
                out.put("approved", true);
            }
        }
        return out;
    }

    /** A quality-check result; nulls are dropped on the way out like the Lambda runtime does. */
    static Map<String, Object> check(boolean passed, String repairStage, String feedback, Map<String, String> hints,
                                     String summary) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("passed", passed);
        out.put("repairStage", repairStage);
        out.put("feedback", feedback);
        out.put("hints", hints);
        out.put("summary", summary);
        return out;
    }

    static Map<String, Object> firstPass() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("tenant", "t1");
        in.put("sessionId", "s-123");
        in.put("mode", "first-pass");
        in.put("feedback", null);
        in.put("feedbackStage", null);
        in.put("iteration", 0);
        return in;
    }

    static Map<String, Object> feedbackRound(String feedback, String stage) {
        Map<String, Object> in = firstPass();
        in.put("mode", "feedback-round");
        in.put("feedback", feedback);
        in.put("feedbackStage", stage);
        in.put("hints", new java.util.HashMap<String, String>());
        Map<String, Object> plan = new java.util.HashMap<>();
        for (String s : java.util.List.of("lighting", "background", "detail")) {
            plan.put(s, s.equals(stage));
        }
        in.put("plan", plan);
        return in;
    }
}
