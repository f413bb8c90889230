package dev.refinery.workflow.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Parameters and ResultSelector: a JSON template whose fields ending in {@code .$} take their value
 * from a path (over the data or, with {@code $$.}, the context object) or an intrinsic function.
 */
final class PayloadTemplate {
    private PayloadTemplate() {
    }

    static JsonNode apply(JsonNode template, JsonNode data, JsonNode context, RandomGenerator random) {
        if (template.isObject()) {
            ObjectNode out = JsonValues.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                JsonNode value = e.getValue();
                if (key.endsWith(".$")) {
                    String expression = value.textValue();
                    JsonNode resolved = JsonPaths.isPath(expression)
                            ? JsonPaths.read(expression, data, context)
                            : Intrinsics.evaluate(expression, data, context, random);
                    out.set(key.substring(0, key.length() - 2), resolved);
                } else {
                    out.set(key, apply(value, data, context, random));
                }
            }
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = JsonValues.array();
            template.forEach(v -> out.add(apply(v, data, context, random)));
            return out;
        }
        return template;
    }

    /** Problems of a template, each prefixed by where it is. */
    static List<String> problems(String where, JsonNode template) {
        List<String> problems = new ArrayList<>();
        collect(where, template, problems);
        return problems;
    }

    private static void collect(String where, JsonNode template, List<String> problems) {
        if (template.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                String at = where + "." + key;
                if (key.endsWith(".$")) {
                    String plain = key.substring(0, key.length() - 2);
                    if (template.has(plain)) {
                        problems.add(at + ": both '" + plain + "' and '" + key + "' are present");
                    }
                    if (!e.getValue().isTextual()) {
                        problems.add(at + ": a field ending in .$ must hold a path or an intrinsic function, not " + JsonValues.typeOf(e.getValue()));
                        continue;
                    }
                    String expression = e.getValue().textValue();
                    String problem = JsonPaths.isPath(expression) ? JsonPaths.problem(expression)
                            : Intrinsics.looksLikeCall(expression) ? Intrinsics.problem(expression)
                            : "'" + expression + "' is neither a path nor an intrinsic function";
                    if (problem != null) {
                        problems.add(at + ": " + problem);
                    }
                } else {
                    collect(at, e.getValue(), problems);
                }
            }
        } else if (template.isArray()) {
            for (int i = 0; i < template.size(); i++) {
                collect(where + "[" + i + "]", template.get(i), problems);
            }
        }
    }
}
