package dev.refinery.workflow.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSONPath reads over the state's data ({@code $...}) or the context object ({@code $$...}).
 * A definite path that selects nothing is a {@code States.Runtime} error, as in the service; an
 * indefinite path (wildcard, filter, deep scan) always yields an array.
 */
final class JsonPaths {
    private static final Configuration CONFIG = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(JsonValues.MAPPER))
            .mappingProvider(new JacksonMappingProvider(JsonValues.MAPPER))
            .build();
    private static final Map<String, JsonPath> COMPILED = new ConcurrentHashMap<>();

    private JsonPaths() {
    }

    static boolean isPath(String s) {
        return s != null && s.startsWith("$");
    }

    /** Null when the path is valid, else why not. */
    static String problem(String path) {
        if (!isPath(path)) {
            return "'" + path + "' is not a JSONPath (it must start with $)";
        }
        try {
            compile(path.startsWith("$$") ? path.substring(1) : path);
            return null;
        } catch (InvalidPathException | IllegalArgumentException e) {
            return "'" + path + "' is not a valid JSONPath: " + e.getMessage();
        }
    }

    static JsonNode read(String path, JsonNode data, JsonNode context) {
        JsonNode found = find(path, data, context);
        if (found == null) {
            throw StatesError.runtime("The JSONPath '" + path + "' could not be found in the input");
        }
        return found;
    }

    static boolean present(String path, JsonNode data, JsonNode context) {
        return find(path, data, context) != null;
    }

    /** The selected value, or null when a definite path selects nothing. */
    static JsonNode find(String path, JsonNode data, JsonNode context) {
        boolean onContext = path.startsWith("$$");
        JsonNode root = onContext ? context : data;
        String effective = onContext ? path.substring(1) : path;
        if (root == null) {
            return null;
        }
        try {
            Object value = compile(effective).read(root, CONFIG);
            if (value == null) {
                return null;
            }
            return value instanceof JsonNode node ? node : JsonValues.MAPPER.valueToTree(value);
        } catch (PathNotFoundException e) {
            return null;
        } catch (InvalidPathException e) {
            throw StatesError.runtime("Invalid JSONPath '" + path + "': " + e.getMessage());
        }
    }

    private static JsonPath compile(String path) {
        return COMPILED.computeIfAbsent(path, JsonPath::compile);
    }
}
