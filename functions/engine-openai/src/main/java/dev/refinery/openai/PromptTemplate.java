package dev.refinery.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The words for one product category: what the product is, what about it must never change, and
 * per step the goal and the one-line summary later steps keep. Versioned: the version is recorded on
 * every image version the template helped make.
 *
 * @param source where it came from: "bundled" or "tenant:&lt;tenant&gt;"
 * @param goals  per step ("base", "lighting", "background", "detail", "scene")
 */
public record PromptTemplate(String category, String version, String source, String subject, String preserve,
                             Map<String, Step> goals) {

    /** The steps every template must describe. */
    public static final List<String> STEPS = List.of("base", "lighting", "background", "detail", "scene");

    public record Step(String goal, String summary) {
    }

    public PromptTemplate {
        goals = Map.copyOf(goals);
    }

    /** "apparel@3 (bundled)": what EditResult.params records. */
    public String id() {
        return category + "@" + version;
    }

    public Step step(String step) {
        Step s = goals.get(step);
        if (s == null) {
            throw new IllegalArgumentException("template " + id() + " has no step " + step);
        }
        return s;
    }

    /**
     * Parses a template document; every field is required so a tenant's override cannot silently
     * fall back to words it did not write.
     *
     * @throws IllegalArgumentException naming the missing or empty field
     */
    public static PromptTemplate parse(InputStream json, String source, String where) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(where + " is not a JSON object");
        }
        String category = required(root, "category", where);
        String version = required(root, "version", where);
        String subject = required(root, "subject", where);
        String preserve = required(root, "preserve", where);
        Map<String, Step> goals = new LinkedHashMap<>();
        for (String step : STEPS) {
            JsonNode s = root.path("steps").path(step);
            goals.put(step, new Step(required(s, "goal", where + " steps." + step), required(s, "summary", where + " steps." + step)));
        }
        return new PromptTemplate(category, version, source, subject, preserve, goals);
    }

    private static String required(JsonNode node, String field, String where) {
        JsonNode v = node.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" is missing or empty");
        }
        return v.asText().trim();
    }
}
