package dev.refinery.workflow.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed, substituted and validated Amazon States Language document (JSONPath query language).
 * Everything the runner does not implement is refused here, by name, before any state runs.
 */
public final class AslDefinition {
    /** What CDK's definitionSubstitutions replace: ${Name}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");
    static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";

    private final JsonNode root;
    private final Map<String, JsonNode> states;

    private AslDefinition(JsonNode root) {
        this.root = root;
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        root.get("States").fields().forEachRemaining(e -> byName.put(e.getKey(), e.getValue()));
        this.states = Collections.unmodifiableMap(byName);
    }

    public static AslDefinition parse(String json) {
        return parse(json, Map.of());
    }

    /**
     * @param substitutions replaces each {@code ${Key}} in the text with its value, as CDK's
     *                      {@code definitionSubstitutions} do; a placeholder left over is refused
     */
    public static AslDefinition parse(String json, Map<String, String> substitutions) {
        List<String> problems = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(json);
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            String value = substitutions.get(m.group(1));
            if (value == null) {
                problems.add("unresolved definition substitution ${" + m.group(1) + "}");
                value = m.group();
            }
            m.appendReplacement(text, Matcher.quoteReplacement(value));
        }
        m.appendTail(text);
        if (!problems.isEmpty()) {
            throw new AslValidationException(problems.stream().distinct().toList());
        }
        JsonNode root;
        try {
            root = JsonValues.parse(text.toString());
        } catch (IllegalArgumentException e) {
            throw new AslValidationException(List.of("the definition is " + e.getMessage()));
        }
        problems.addAll(AslValidator.problems(root));
        if (!problems.isEmpty()) {
            throw new AslValidationException(problems);
        }
        return new AslDefinition(root);
    }

    /** Loads a definition from the classpath. */
    public static AslDefinition fromResource(String resource, Map<String, String> substitutions) {
        return parse(resourceText(resource), substitutions);
    }

    public static String resourceText(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (loader != null ? loader : AslDefinition.class.getClassLoader()).getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no classpath resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** A copy of the whole document. */
    public JsonNode json() {
        return root.deepCopy();
    }

    public String toJson() {
        return JsonValues.write(root);
    }

    public String startAt() {
        return root.get("StartAt").textValue();
    }

    public Set<String> stateNames() {
        return states.keySet();
    }

    /** A copy of one state's definition. */
    public JsonNode state(String name) {
        JsonNode s = states.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no state '" + name + "'");
        }
        return s.deepCopy();
    }

    JsonNode stateNode(String name) {
        return states.get(name);
    }

    Integer timeoutSeconds() {
        JsonNode t = root.get("TimeoutSeconds");
        return t == null ? null : t.intValue();
    }

    /**
     * Task state name to the handler key it calls when that key is fixed in the definition: the
     * FunctionName of a lambda:invoke task, else the Resource. Tasks whose FunctionName comes from
     * a path are left out (resolved at run time).
     */
    public Map<String, String> staticTaskKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        states.forEach((name, s) -> {
            if ("Task".equals(s.path("Type").textValue())) {
                String resource = s.get("Resource").textValue();
                if (LAMBDA_INVOKE.equals(resource)) {
                    JsonNode fn = s.path("Parameters").get("FunctionName");
                    if (fn != null && fn.isTextual()) {
                        keys.put(name, fn.textValue());
                    }
                } else {
                    keys.put(name, resource);
                }
            }
        });
        return keys;
    }
}
