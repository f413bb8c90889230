package dev.refinery.openai;

import dev.refinery.testkit.RealWorldMaterial;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The request contract from the OpenAPI excerpt in ../shared/realworld (never copied into the repo):
 * requests the engine sends are turned into JSON and validated against the excerpt's own schemas,
 * so enum values and field names come from the API description, not from lists in the tests.
 */
final class OpenApiContract {
    static final String EXCERPT = "openai/images-openapi-excerpt.yaml";
    private static final String IRI = "https://refinery.invalid/images-openapi-excerpt.yaml";

    private final JsonNode document;
    private final SchemaRegistry registry;

    private OpenApiContract(String yaml) {
        this.document = YAMLMapper.builder().build().readTree(yaml);
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), b -> b.schemas(Map.of(IRI, yaml)));
    }

    /** The excerpt, when the realworld folder is present (system property refinery.realworld, env REFINERY_REALWORLD, ../shared/realworld). */
    static Optional<OpenApiContract> load() {
        return RealWorldMaterial.file(EXCERPT).map(p -> {
            try {
                return new OpenApiContract(Files.readString(p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Validation errors of {@code instance} against components/schemas/{@code schemaName}; empty when valid. */
    List<String> validate(String schemaName, JsonNode instance) {
        Schema schema = registry.getSchema(SchemaLocation.of(IRI + "#/components/schemas/" + schemaName));
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(instance)) {
            out.add(e.getInstanceLocation() + ": " + e.getMessage());
        }
        return out;
    }

    /** The property names a schema declares. */
    Set<String> properties(String schemaName) {
        Set<String> names = new LinkedHashSet<>();
        schemaNode(schemaName).path("properties").propertyNames().forEach(names::add);
        return names;
    }

    JsonNode schemaNode(String schemaName) {
        JsonNode n = document.path("components").path("schemas").path(schemaName);
        if (n.isMissingNode()) {
            throw new IllegalStateException("the excerpt has no schema " + schemaName);
        }
        return n;
    }

    /**
     * A multipart form as the JSON object the schema describes: file parts become strings (the
     * schema's {@code format: binary}), repeated {@code name[]} parts an array, and text fields
     * take the JSON type their property declares.
     */
    ObjectNode toJson(String schemaName, MultipartForm form) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode obj = f.objectNode();
        JsonNode props = schemaNode(schemaName).path("properties");
        for (MultipartForm.Part p : form.parts()) {
            boolean array = p.name().endsWith("[]");
            String name = array ? p.name().substring(0, p.name().length() - 2) : p.name();
            JsonNode value = p.isFile() ? f.stringNode("<binary " + p.filename() + ">") : typed(props.path(name), p.text());
            if (array) {
                JsonNode existing = obj.get(name);
                ArrayNode arr = existing instanceof ArrayNode a ? a : obj.putArray(name);
                arr.add(value);
            } else {
                obj.set(name, value);
            }
        }
        return obj;
    }

    private JsonNode typed(JsonNode property, String text) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        String type = declaredType(property);
        try {
            return switch (type) {
                case "integer" -> f.numberNode(Long.parseLong(text.trim()));
                case "number" -> f.numberNode(Double.parseDouble(text.trim()));
                case "boolean" -> f.booleanNode(Boolean.parseBoolean(text.trim()));
                default -> f.stringNode(text);
            };
        } catch (NumberFormatException e) {
            return f.stringNode(text); // let the schema report it
        }
    }

    /** The property's type, following anyOf and $ref to the first non-null alternative. */
    private String declaredType(JsonNode property) {
        if (property.has("$ref")) {
            String ref = property.get("$ref").asString();
            return declaredType(document.at(ref.substring(1)));
        }
        if (property.has("type")) {
            return property.get("type").asString();
        }
        for (JsonNode alt : property.path("anyOf")) {
            String t = declaredType(alt);
            if (!t.equals("null")) {
                return t;
            }
        }
        return "string";
    }

    /** Parses the JSON body of a JSON request (images/generations). */
    static JsonNode json(byte[] body) {
        return new tools.jackson.databind.ObjectMapper().readTree(body);
    }
}
