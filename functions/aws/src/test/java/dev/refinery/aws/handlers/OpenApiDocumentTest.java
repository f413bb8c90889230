package dev.refinery.aws.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and the handler's routes describe the same API. */
class OpenApiDocumentTest {
    private static JsonNode doc;

    @BeforeAll
    static void read() throws Exception {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi.yaml")) {
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() {
        Set<String> documented = new TreeSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            p.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey()));
        }
        Set<String> routed = ApiRoutes.ALL.stream().map(r -> r.method() + " " + r.template()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).isEqualTo(routed);
    }

    @Test
    void operationIdsMatchRouteNamesAndWorkStartingCallsAnswer202() {
        for (ApiRoutes.Route r : ApiRoutes.ALL) {
            JsonNode op = doc.get("paths").get(r.template()).get(r.method().toLowerCase(Locale.ROOT));
            assertThat(op.get("operationId").asText()).as(r.template()).isEqualTo(r.name());
            assertThat(op.get("responses").has("202")).as(r.name() + " answers 202").isEqualTo(r.startsWork());
            if (r.template().contains("{id}")) {
                assertThat(op.get("responses").has("404")).as(r.name() + " documents 404").isTrue();
            }
        }
    }

    @Test
    void everyReferenceResolves() {
        Set<String> refs = new HashSet<>();
        collect(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            List<String> parts = List.of(ref.substring(2).split("/"));
            JsonNode n = doc;
            for (String part : parts) {
                n = n.get(part);
                assertThat(n).as(ref).isNotNull();
            }
        }
    }

    private static void collect(JsonNode n, Set<String> refs) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), refs);
                }
            });
        } else if (n.isArray()) {
            n.forEach(c -> collect(c, refs));
        }
    }
}
