package dev.refinery.workflow.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validation pass over a whole document. Two kinds of problem, both refused before running:
 * invalid ASL (what the service itself would reject: a Next to nowhere, an unreachable state, a
 * malformed retrier...) and valid ASL this runner does not implement, reported as "unsupported ...".
 */
final class AslValidator {
    private static final Set<String> TOP_FIELDS = Set.of("Comment", "StartAt", "States", "TimeoutSeconds", "Version",
            "QueryLanguage");
    private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Task", Set.of("Resource", "Parameters", "ResultSelector", "ResultPath", "InputPath", "OutputPath", "Retry",
                    "Catch", "TimeoutSeconds", "TimeoutSecondsPath", "Next", "End"),
            "Pass", Set.of("InputPath", "OutputPath", "Parameters", "Result", "ResultPath", "Next", "End"),
            "Choice", Set.of("Choices", "Default", "InputPath", "OutputPath"),
            "Wait", Set.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath", "InputPath", "OutputPath", "Next", "End"),
            "Succeed", Set.of("InputPath", "OutputPath"),
            "Fail", Set.of("Error", "ErrorPath", "Cause", "CausePath"));
    /** Valid ASL fields the runner does not implement, with what they are. */
    private static final Map<String, String> UNSUPPORTED_FIELDS = Map.of(
            "Assign", "Assign (workflow variables)",
            "Arguments", "Arguments (JSONata)",
            "Output", "Output (JSONata)",
            "Credentials", "Credentials (cross-account task role)",
            "HeartbeatSeconds", "HeartbeatSeconds (activities and callbacks)",
            "HeartbeatSecondsPath", "HeartbeatSecondsPath (activities and callbacks)");
    private static final Set<String> RETRIER_FIELDS = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts",
            "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment");
    private static final Set<String> CATCHER_FIELDS = Set.of("ErrorEquals", "Next", "ResultPath", "Comment");

    private AslValidator() {
    }

    static List<String> problems(JsonNode root) {
        List<String> p = new ArrayList<>();
        if (!root.isObject()) {
            p.add("the definition must be a JSON object");
            return p;
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TOP_FIELDS.contains(f)) {
                p.add("unknown top-level field " + f);
            }
        }
        queryLanguage(root, "the definition", p);
        JsonNode timeout = root.get("TimeoutSeconds");
        if (timeout != null && (!timeout.canConvertToInt() || !timeout.isIntegralNumber() || timeout.intValue() < 1)) {
            p.add("TimeoutSeconds must be a positive integer");
        }
        JsonNode states = root.get("States");
        if (states == null || !states.isObject() || states.isEmpty()) {
            p.add("States must be a non-empty object");
            return p;
        }
        JsonNode startAt = root.get("StartAt");
        if (startAt == null || !startAt.isTextual()) {
            p.add("StartAt must name a state");
        } else if (!states.has(startAt.textValue())) {
            p.add("StartAt names no state: '" + startAt.textValue() + "'");
        }
        states.fields().forEachRemaining(e -> state(e.getKey(), e.getValue(), states, p));
        if (p.isEmpty()) {
            reachability(startAt.textValue(), states, p);
        }
        return p;
    }

    private static void queryLanguage(JsonNode node, String where, List<String> p) {
        JsonNode ql = node.get("QueryLanguage");
        if (ql == null) {
            return;
        }
        if ("JSONata".equals(ql.textValue())) {
            p.add("unsupported: QueryLanguage JSONata (" + where + ")");
        } else if (!"JSONPath".equals(ql.textValue())) {
            p.add("unknown QueryLanguage " + ql + " (" + where + ")");
        }
    }

    private static void state(String name, JsonNode s, JsonNode states, List<String> p) {
        String at = "state '" + name + "'";
        if (!s.isObject()) {
            p.add(at + " must be an object");
            return;
        }
        String type = s.path("Type").textValue();
        if (type == null) {
            p.add(at + " has no Type");
            return;
        }
        if (type.equals("Map") || type.equals("Parallel")) {
            p.add("unsupported state type " + type + " (" + at + ")");
            return;
        }
        Set<String> allowed = FIELDS.get(type);
        if (allowed == null) {
            p.add(at + " has an unknown Type " + type);
            return;
        }
        queryLanguage(s, at, p);
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (UNSUPPORTED_FIELDS.containsKey(f)) {
                p.add("unsupported: " + UNSUPPORTED_FIELDS.get(f) + " (" + at + ")");
            } else if (!COMMON.contains(f) && !allowed.contains(f)) {
                p.add(at + ": field " + f + " is not allowed in a " + type + " state");
            }
        }
        if (type.equals("Task") || type.equals("Pass") || type.equals("Wait")) {
            boolean hasNext = s.has("Next");
            boolean end = s.path("End").asBoolean(false);
            if (hasNext == end) {
                p.add(at + " needs exactly one of Next and \"End\": true");
            }
            if (s.has("End") && !s.get("End").isBoolean()) {
                p.add(at + ": End must be a boolean");
            }
            target(at + ".Next", s.get("Next"), states, p);
        }
        path(at + ".InputPath", s.get("InputPath"), true, p);
        path(at + ".OutputPath", s.get("OutputPath"), true, p);
        referencePath(at + ".ResultPath", s.get("ResultPath"), p);
        for (String template : List.of("Parameters", "ResultSelector")) {
            JsonNode t = s.get(template);
            if (t != null) {
                if (!t.isContainerNode()) {
                    p.add(at + "." + template + " must be a JSON object or array");
                }
                p.addAll(PayloadTemplate.problems(at + "." + template, t));
            }
        }
        switch (type) {
            case "Task" -> task(at, s, states, p);
            case "Choice" -> choice(at, s, states, p);
            case "Wait" -> waitState(at, s, p);
            case "Fail" -> fail(at, s, p);
            default -> {
            }
        }
    }

    private static void task(String at, JsonNode s, JsonNode states, List<String> p) {
        JsonNode resource = s.get("Resource");
        if (resource == null || !resource.isTextual() || resource.textValue().isBlank()) {
            p.add(at + " needs a Resource");
        } else {
            String r = resource.textValue();
            for (String pattern : List.of(".sync:2", ".sync", ".waitForTaskToken")) {
                if (r.endsWith(pattern)) {
                    p.add("unsupported: Task resource pattern " + pattern + " (" + at + ")");
                    break;
                }
            }
            if (AslDefinition.LAMBDA_INVOKE.equals(r)) {
                JsonNode params = s.get("Parameters");
                if (params == null || !(params.path("FunctionName").isTextual() || params.path("FunctionName.$").isTextual())) {
                    p.add(at + ": a lambda:invoke task needs Parameters.FunctionName");
                }
            }
        }
        JsonNode timeout = s.get("TimeoutSeconds");
        if (timeout != null && (!timeout.isIntegralNumber() || timeout.longValue() < 1)) {
            p.add(at + ".TimeoutSeconds must be a positive integer");
        }
        if (timeout != null && s.has("TimeoutSecondsPath")) {
            p.add(at + " has both TimeoutSeconds and TimeoutSecondsPath");
        }
        if (s.has("TimeoutSecondsPath")) {
            referencePathText(at + ".TimeoutSecondsPath", s.get("TimeoutSecondsPath"), p);
        }
        JsonNode retry = s.get("Retry");
        if (retry != null) {
            if (!retry.isArray()) {
                p.add(at + ".Retry must be an array");
            } else {
                for (int i = 0; i < retry.size(); i++) {
                    retrier(at + ".Retry[" + i + "]", retry.get(i), i == retry.size() - 1, p);
                }
            }
        }
        JsonNode caught = s.get("Catch");
        if (caught != null) {
            if (!caught.isArray()) {
                p.add(at + ".Catch must be an array");
            } else {
                for (int i = 0; i < caught.size(); i++) {
                    catcher(at + ".Catch[" + i + "]", caught.get(i), i == caught.size() - 1, states, p);
                }
            }
        }
    }

    private static void errorEquals(String at, JsonNode r, boolean last, List<String> p) {
        JsonNode names = r.get("ErrorEquals");
        if (names == null || !names.isArray() || names.isEmpty()) {
            p.add(at + ".ErrorEquals must be a non-empty array of error names");
            return;
        }
        for (JsonNode n : names) {
            if (!n.isTextual() || n.textValue().isBlank()) {
                p.add(at + ".ErrorEquals holds a non-string");
            } else if (StatesError.ALL.equals(n.textValue()) && (names.size() != 1 || !last)) {
                p.add(at + ": States.ALL must appear alone and in the last " + (at.contains("Retry") ? "retrier" : "catcher"));
            }
        }
    }

    private static void retrier(String at, JsonNode r, boolean last, List<String> p) {
        if (!r.isObject()) {
            p.add(at + " must be an object");
            return;
        }
        r.fieldNames().forEachRemaining(f -> {
            if (!RETRIER_FIELDS.contains(f)) {
                p.add(at + ": field " + f + " is not allowed in a retrier");
            }
        });
        errorEquals(at, r, last, p);
        positiveInt(at + ".IntervalSeconds", r.get("IntervalSeconds"), 1, 99_999_999, p);
        positiveInt(at + ".MaxAttempts", r.get("MaxAttempts"), 0, 99_999_999, p);
        positiveInt(at + ".MaxDelaySeconds", r.get("MaxDelaySeconds"), 1, 31_622_400, p);
        JsonNode backoff = r.get("BackoffRate");
        if (backoff != null && (!backoff.isNumber() || backoff.doubleValue() < 1.0)) {
            p.add(at + ".BackoffRate must be a number >= 1.0");
        }
        JsonNode jitter = r.get("JitterStrategy");
        if (jitter != null && !"FULL".equals(jitter.textValue()) && !"NONE".equals(jitter.textValue())) {
            p.add(at + ".JitterStrategy must be FULL or NONE");
        }
    }

    private static void catcher(String at, JsonNode c, boolean last, JsonNode states, List<String> p) {
        if (!c.isObject()) {
            p.add(at + " must be an object");
            return;
        }
        c.fieldNames().forEachRemaining(f -> {
            if (UNSUPPORTED_FIELDS.containsKey(f)) {
                p.add("unsupported: " + UNSUPPORTED_FIELDS.get(f) + " (" + at + ")");
            } else if (!CATCHER_FIELDS.contains(f)) {
                p.add(at + ": field " + f + " is not allowed in a catcher");
            }
        });
        errorEquals(at, c, last, p);
        if (c.get("Next") == null) {
            p.add(at + " needs a Next");
        }
        target(at + ".Next", c.get("Next"), states, p);
        referencePath(at + ".ResultPath", c.get("ResultPath"), p);
    }

    private static void choice(String at, JsonNode s, JsonNode states, List<String> p) {
        JsonNode choices = s.get("Choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            p.add(at + ".Choices must be a non-empty array");
            return;
        }
        for (int i = 0; i < choices.size(); i++) {
            JsonNode rule = choices.get(i);
            p.addAll(ChoiceRules.problems(at + ".Choices[" + i + "]", rule, true));
            target(at + ".Choices[" + i + "].Next", rule.get("Next"), states, p);
        }
        target(at + ".Default", s.get("Default"), states, p);
    }

    private static void waitState(String at, JsonNode s, List<String> p) {
        int kinds = 0;
        for (String f : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
            kinds += s.has(f) ? 1 : 0;
        }
        if (kinds != 1) {
            p.add(at + " needs exactly one of Seconds, SecondsPath, Timestamp and TimestampPath");
        }
        positiveInt(at + ".Seconds", s.get("Seconds"), 0, 99_999_999, p);
        if (s.has("Timestamp") && !ChoiceRules.isTimestamp(s.get("Timestamp"))) {
            p.add(at + ".Timestamp must be an RFC 3339 timestamp");
        }
        for (String f : List.of("SecondsPath", "TimestampPath")) {
            if (s.has(f)) {
                referencePathText(at + "." + f, s.get(f), p);
            }
        }
    }

    private static void fail(String at, JsonNode s, List<String> p) {
        for (String[] pair : new String[][] {{"Error", "ErrorPath"}, {"Cause", "CausePath"}}) {
            if (s.has(pair[0]) && s.has(pair[1])) {
                p.add(at + " has both " + pair[0] + " and " + pair[1]);
            }
            if (s.has(pair[0]) && !s.get(pair[0]).isTextual()) {
                p.add(at + "." + pair[0] + " must be a string");
            }
            JsonNode path = s.get(pair[1]);
            if (path != null) {
                String text = path.textValue();
                String problem = text == null ? "must be a path or an intrinsic function"
                        : JsonPaths.isPath(text) ? JsonPaths.problem(text)
                        : Intrinsics.looksLikeCall(text) ? Intrinsics.problem(text)
                        : "'" + text + "' is neither a path nor an intrinsic function";
                if (problem != null) {
                    p.add(at + "." + pair[1] + ": " + problem);
                }
            }
        }
    }

    private static void positiveInt(String at, JsonNode v, long min, long max, List<String> p) {
        if (v != null && (!v.isIntegralNumber() || v.longValue() < min || v.longValue() > max)) {
            p.add(at + " must be an integer from " + min + " to " + max);
        }
    }

    private static void target(String at, JsonNode next, JsonNode states, List<String> p) {
        if (next == null) {
            return;
        }
        if (!next.isTextual()) {
            p.add(at + " must name a state");
        } else if (!states.has(next.textValue())) {
            p.add(at + " names no state: '" + next.textValue() + "'");
        }
    }

    private static void path(String at, JsonNode v, boolean nullable, List<String> p) {
        if (v == null || (nullable && v.isNull())) {
            return;
        }
        String problem = v.isTextual() ? JsonPaths.problem(v.textValue()) : "must be a path";
        if (problem != null) {
            p.add(at + ": " + problem);
        }
    }

    private static void referencePath(String at, JsonNode v, List<String> p) {
        if (v == null || v.isNull()) {
            return;
        }
        referencePathText(at, v, p);
    }

    private static void referencePathText(String at, JsonNode v, List<String> p) {
        if (!v.isTextual()) {
            p.add(at + " must be a reference path");
            return;
        }
        if (v.textValue().startsWith("$$")) {
            String problem = JsonPaths.problem(v.textValue());
            if (problem != null) {
                p.add(at + ": " + problem);
            }
            return;
        }
        try {
            ReferencePath.parse(v.textValue());
        } catch (IllegalArgumentException e) {
            p.add(at + ": " + e.getMessage());
        }
    }

    /** The service rejects a definition with a state no path leads to; so does the runner. */
    private static void reachability(String start, JsonNode states, List<String> p) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(start);
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (!seen.add(name)) {
                continue;
            }
            JsonNode s = states.get(name);
            List<JsonNode> nexts = new ArrayList<>();
            nexts.add(s.get("Next"));
            nexts.add(s.get("Default"));
            s.path("Choices").forEach(r -> nexts.add(r.get("Next")));
            s.path("Catch").forEach(c -> nexts.add(c.get("Next")));
            for (JsonNode n : nexts) {
                if (n != null && n.isTextual()) {
                    todo.add(n.textValue());
                }
            }
        }
        states.fieldNames().forEachRemaining(n -> {
            if (!seen.contains(n)) {
                p.add("state '" + n + "' is not reachable from StartAt");
            }
        });
    }
}
