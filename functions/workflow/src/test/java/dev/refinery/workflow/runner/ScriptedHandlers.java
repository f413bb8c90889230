package dev.refinery.workflow.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Java side of the scripted handlers the reference script (src/test/node/reference-run.mjs)
 * also implements: {"steps": [step...], "then": step}, a step being {"return": json},
 * {"echo": true}, {"merge": object}, {"fail": {"error", "cause"}} or
 * {"throw": {"errorType", "errorMessage"}} (Cause in the Java Lambda runtime's shape).
 */
final class ScriptedHandlers {
    private final Map<String, Integer> calls = new TreeMap<>();

    /** Registers one handler per key of {@code specs} on the builder. */
    AslRunner.Builder register(AslRunner.Builder builder, JsonNode specs) {
        specs.fields().forEachRemaining(e -> builder.handler(e.getKey(), handler(e.getKey(), e.getValue())));
        return builder;
    }

    Map<String, Integer> calls() {
        return calls;
    }

    private TaskHandler handler(String key, JsonNode spec) {
        return payload -> {
            int n;
            synchronized (calls) {
                n = calls.merge(key, 1, Integer::sum) - 1;
            }
            JsonNode steps = spec.path("steps");
            JsonNode step = n < steps.size() ? steps.get(n) : spec.get("then");
            return apply(step, payload);
        };
    }

    private static JsonNode apply(JsonNode step, JsonNode payload) {
        if (step == null || step.path("echo").asBoolean(false)) {
            return payload;
        }
        if (step.has("return")) {
            return step.get("return").deepCopy();
        }
        if (step.has("merge")) {
            ObjectNode out = ((ObjectNode) payload).deepCopy();
            step.get("merge").fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
            return out;
        }
        if (step.has("fail")) {
            throw new TaskFailedException(step.get("fail").get("error").asText(), step.get("fail").get("cause").asText());
        }
        if (step.has("throw")) {
            String type = step.get("throw").get("errorType").asText();
            throw new TaskFailedException(type, LambdaErrors.cause(type, step.get("throw").get("errorMessage").asText()));
        }
        throw new IllegalArgumentException("unknown handler step " + step);
    }
}
