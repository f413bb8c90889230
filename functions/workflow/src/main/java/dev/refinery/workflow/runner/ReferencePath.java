package dev.refinery.workflow.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A Reference Path ({@code $}, {@code $.a.b}, {@code $['a b'][0]}): one node, no wildcards or
 * filters. Used to place a result into the state's raw input (ResultPath, Catch ResultPath).
 */
final class ReferencePath {
    private final String text;
    /** String (field) or Integer (array index) segments. */
    private final List<Object> segments;

    private ReferencePath(String text, List<Object> segments) {
        this.text = text;
        this.segments = segments;
    }

    static ReferencePath parse(String text) {
        if (text == null || !text.startsWith("$") || text.startsWith("$$")) {
            throw new IllegalArgumentException("'" + text + "' is not a reference path (it must start with $)");
        }
        List<Object> segments = new ArrayList<>();
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < text.length() && text.charAt(i) != '.' && text.charAt(i) != '[') {
                    char n = text.charAt(i);
                    if (n == '*' || n == '?' || n == '@' || Character.isWhitespace(n)) {
                        throw new IllegalArgumentException("'" + text + "' is not a reference path: '" + n + "' is not allowed");
                    }
                    i++;
                }
                if (i == start) {
                    throw new IllegalArgumentException("'" + text + "' is not a reference path: empty field name");
                }
                segments.add(text.substring(start, i));
            } else if (c == '[') {
                int close;
                if (i + 1 < text.length() && (text.charAt(i + 1) == '\'' || text.charAt(i + 1) == '"')) {
                    char quote = text.charAt(i + 1);
                    int end = text.indexOf(quote, i + 2);
                    if (end < 0 || end + 1 >= text.length() || text.charAt(end + 1) != ']') {
                        throw new IllegalArgumentException("'" + text + "' is not a reference path: unclosed bracket");
                    }
                    segments.add(text.substring(i + 2, end));
                    close = end + 1;
                } else {
                    close = text.indexOf(']', i);
                    if (close < 0) {
                        throw new IllegalArgumentException("'" + text + "' is not a reference path: unclosed bracket");
                    }
                    String index = text.substring(i + 1, close).trim();
                    if (!index.matches("\\d+")) {
                        throw new IllegalArgumentException("'" + text + "' is not a reference path: [" + index + "] is not an array index");
                    }
                    segments.add(Integer.parseInt(index));
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("'" + text + "' is not a reference path: unexpected '" + c + "'");
            }
        }
        return new ReferencePath(text, List.copyOf(segments));
    }

    String text() {
        return text;
    }

    /**
     * A copy of {@code input} with {@code value} placed at this path; missing objects on the way are
     * created. Fails with States.ResultPathMatchFailure when the path runs through a non-object.
     */
    JsonNode place(JsonNode input, JsonNode value) {
        if (segments.isEmpty()) {
            return value;
        }
        if (input == null || !input.isObject()) {
            throw new StatesError(StatesError.RESULT_PATH_MATCH_FAILURE,
                    "Unable to apply ResultPath '" + text + "' to input of type " + JsonValues.typeOf(input));
        }
        JsonNode root = input.deepCopy();
        JsonNode parent = root;
        for (int i = 0; i < segments.size(); i++) {
            Object segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (segment instanceof String field) {
                if (!parent.isObject()) {
                    throw mismatch(parent);
                }
                ObjectNode object = (ObjectNode) parent;
                if (last) {
                    object.set(field, value);
                } else {
                    JsonNode next = object.get(field);
                    if (next == null || next.isNull()) {
                        next = object.putObject(field);
                    }
                    parent = next;
                }
            } else {
                int index = (Integer) segment;
                if (!parent.isArray() || index >= parent.size()) {
                    throw mismatch(parent);
                }
                ArrayNode array = (ArrayNode) parent;
                if (last) {
                    array.set(index, value);
                } else {
                    parent = array.get(index);
                }
            }
        }
        return root;
    }

    private StatesError mismatch(JsonNode at) {
        return new StatesError(StatesError.RESULT_PATH_MATCH_FAILURE,
                "Unable to apply ResultPath '" + text + "': it runs through a value of type " + JsonValues.typeOf(at));
    }
}
