package dev.refinery.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.refinery.aws.handlers.ApiRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every API response checked against openapi.yaml, the document a client is generated from: the status must be
 * documented for the route, the body must validate against the documented schema (networknt, OpenAPI 3.0 dialect),
 * and every property the body carries must be documented (a client generated from the document would not see an
 * undocumented one). {@link #covered()} says which operations have been checked.
 */
public final class OpenApiResponses {
    private static final String IRI = "https://refinery.invalid/openapi.yaml";
    private final String yaml;
    private final JsonNode doc;
    private final Set<String> covered = new HashSet<>();

    public OpenApiResponses() {
        try (InputStream in = OpenApiResponses.class.getResourceAsStream("/openapi.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            doc = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with this answer to {@code method path} (path with its query), against the document; empty when nothing. */
    public List<String> problems(String method, String path, int status, String body) {
        String bare = path.replaceAll("\\?.*", "");
        String[] segments = bare.substring(1).split("/");
        ApiRoutes.Route route = ApiRoutes.ALL.stream()
                .filter(r -> r.method().equals(method) && matches(r.template(), segments)).findFirst().orElse(null);
        String what = method + " " + bare + " -> " + status;
        if (route == null) {
            return List.of(what + ": no such route");
        }
        covered.add(route.name());
        JsonNode op = doc.path("paths").path(route.template()).path(method.toLowerCase(Locale.ROOT));
        JsonNode response = resolve(op.path("responses").path(String.valueOf(status)));
        if (response.isMissingNode()) {
            return List.of(what + ": status " + status + " is not documented for " + route.name());
        }
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            return body == null || body.isBlank() ? List.of() : List.of(what + ": a body the document does not describe");
        }
        List<String> out = new ArrayList<>();
        String local = "https://refinery.invalid/response-" + route.name() + "-" + status + ".json";
        String schemaJson = schema.toString().replace("\"#/components/", "\"" + IRI + "#/components/");
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(), b -> b.schemas(Map.of(IRI, yaml, local, schemaJson)));
        Schema s = registry.getSchema(SchemaLocation.of(local));
        for (Error e : s.validate(body, InputFormat.JSON)) {
            out.add(what + ": " + e.getInstanceLocation() + " " + e.getMessage());
        }
        try {
            undocumented(schema, new ObjectMapper().readTree(body), "$", what, out);
        } catch (IOException e) {
            out.add(what + ": not JSON: " + e.getMessage());
        }
        return out;
    }

    /** The operations (operationId) answers were checked for. */
    public Set<String> covered() {
        return Set.copyOf(covered);
    }

    private static boolean matches(String template, String[] segments) {
        String[] t = template.substring(1).split("/");
        if (t.length != segments.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            if (!t[i].startsWith("{") && !t[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    /** A node with its {@code $ref} (into this document) followed. */
    private JsonNode resolve(JsonNode n) {
        while (n.has("$ref")) {
            n = doc.at(n.get("$ref").asText().substring(1));
        }
        return n;
    }

    /** Properties the instance carries that the schema does not declare (where it declares its properties). */
    private void undocumented(JsonNode schema, JsonNode instance, String where, String what, List<String> out) {
        schema = resolve(schema);
        if (instance == null || instance.isNull()) {
            return;
        }
        if (instance.isArray() && schema.has("items")) {
            for (int i = 0; i < instance.size(); i++) {
                undocumented(schema.get("items"), instance.get(i), where + "[" + i + "]", what, out);
            }
            return;
        }
        if (!instance.isObject()) {
            return;
        }
        JsonNode props = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        Iterator<Map.Entry<String, JsonNode>> fields = instance.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (props.has(f.getKey())) {
                undocumented(props.get(f.getKey()), f.getValue(), where + "." + f.getKey(), what, out);
            } else if (additional.isObject()) {
                undocumented(additional, f.getValue(), where + "." + f.getKey(), what, out);
            } else if (!additional.asBoolean(false)) {
                out.add(what + ": " + where + "." + f.getKey() + " is not documented");
            }
        }
    }
}
