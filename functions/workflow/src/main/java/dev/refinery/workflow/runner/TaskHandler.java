package dev.refinery.workflow.runner;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a Task state calls in place of a Lambda function. It receives the Lambda's payload and
 * returns its result; an exception it throws becomes the task's error, named after the exception's
 * fully qualified class, with the Cause a Java Lambda would report (see {@link LambdaErrors}); a
 * {@link TaskFailedException} sets Error and Cause explicitly.
 */
@FunctionalInterface
public interface TaskHandler {
    JsonNode handle(JsonNode payload) throws Exception;

    /**
     * A handler written like a Lambda {@code RequestHandler<Map<String,Object>, Map<String,Object>>}.
     * Its result is serialised as the Java Lambda runtime does: map entries whose value is null are
     * omitted (the runtime's Jackson mapper uses NON_NULL inclusion), so a definition that relies
     * on a null field being present fails here as it would in AWS.
     */
    static TaskHandler ofMap(Function<Map<String, Object>, Map<String, Object>> function) {
        return payload -> {
            Map<String, Object> in = payload == null || payload.isNull() ? null
                    : JsonValues.MAPPER.convertValue(payload, new TypeReference<LinkedHashMap<String, Object>>() { });
            Map<String, Object> out = function.apply(in);
            return out == null ? JsonValues.NODES.nullNode() : JsonValues.MAPPER.valueToTree(withoutNulls(out));
        };
    }

    private static Object withoutNulls(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    copy.put(k, withoutNulls(v));
                }
            });
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(withoutNulls(v)));
            return copy;
        }
        return value;
    }
}
