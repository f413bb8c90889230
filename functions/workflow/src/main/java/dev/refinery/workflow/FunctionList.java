package dev.refinery.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refinery.workflow.runner.AslDefinition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Lambda functions Refinery deploys, read from {@value #RESOURCE} (the file
 * {@code functions/workflow/src/main/resources/statemachine/functions.json}): the one list the CDK
 * app (infra's {@code RefineryFunction}, which reads the same file at synth time) and the local runner
 * ({@link RefineryStateMachine.LambdaFunction}) take each function's handler, memory, timeout and
 * reserved concurrency from.
 */
public final class FunctionList {
    public static final String RESOURCE = "statemachine/functions.json";
    /** {@link Function#reservedConcurrency()} of the functions that call the image model: the deployer's setting. */
    public static final String MODEL_CONCURRENCY = "model";

    /**
     * One deployed function.
     *
     * @param name                the construct id (UploadTrigger, Base, ...)
     * @param handler             the contract's handler class
     * @param deploymentPackage   {@code stages} or {@code control}
     * @param reservedConcurrency a number, {@value #MODEL_CONCURRENCY}, or null for none
     * @param aslSubstitution     the definition substitution naming it, or null when the state machine does not call it
     */
    public record Function(String name, String handler, String deploymentPackage, int memoryMb, int timeoutSeconds,
                           String reservedConcurrency, String aslSubstitution) {
        /** Calls the image model: reads the OpenAI key and shares the model's reserved concurrency. */
        public boolean callsModel() {
            return MODEL_CONCURRENCY.equals(reservedConcurrency);
        }
    }

    private static final Map<String, Function> BY_NAME = load();

    private FunctionList() {
    }

    /** Every function, in the file's order. */
    public static List<Function> all() {
        return List.copyOf(BY_NAME.values());
    }

    public static Function named(String name) {
        Function f = BY_NAME.get(name);
        if (f == null) {
            throw new IllegalArgumentException(RESOURCE + " has no function named " + name + " (it has " + BY_NAME.keySet() + ")");
        }
        return f;
    }

    /** Parses the list; fails naming the field when an entry is incomplete. */
    static Map<String, Function> parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(RESOURCE + " is not valid JSON: " + e.getMessage(), e);
        }
        Map<String, Function> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode f : root.path("Functions")) {
            String name = f.path("name").asText(null);
            for (String field : List.of("name", "handler", "package", "memoryMb", "timeoutSeconds")) {
                if (!f.hasNonNull(field)) {
                    problems.add((name == null ? "an entry" : name) + " has no " + field);
                }
            }
            if (name == null || !f.hasNonNull("handler") || !f.hasNonNull("package")) {
                continue;
            }
            if (f.path("timeoutSeconds").asInt() < 1 || f.path("memoryMb").asInt() < 128) {
                problems.add(name + ": timeoutSeconds must be >= 1 and memoryMb >= 128");
            }
            JsonNode rc = f.path("reservedConcurrency");
            String reserved = rc.isNull() || rc.isMissingNode() ? null : rc.asText();
            if (out.put(name, new Function(name, f.get("handler").asText(), f.get("package").asText(), f.path("memoryMb").asInt(),
                    f.path("timeoutSeconds").asInt(), reserved, f.path("aslSubstitution").asText(null))) != null) {
                problems.add(name + " is listed twice");
            }
        }
        if (out.isEmpty()) {
            problems.add("no Functions");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(RESOURCE + ": " + String.join("; ", problems));
        }
        return out;
    }

    private static Map<String, Function> load() {
        return parse(AslDefinition.resourceText(RESOURCE));
    }
}
