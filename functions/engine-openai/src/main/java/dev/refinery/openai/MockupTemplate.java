package dev.refinery.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refinery.domain.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mockup scene as data (mockups.json): what the model paints around the product, where the product stands on the
 * canvas and how large, where the camera is, where the light comes from, and whether a contact shadow is drawn
 * under it. The product itself is the seller's own pixels, locked as in every scene.
 *
 * @param centreX centre of the product's bounding box, share of the canvas's width
 * @param centreY centre of the product's bounding box, share of the canvas's height
 * @param fill    the product's longer side, share of the canvas's (the preset's fill range still applies)
 * @param light   "match" (the direction the photo lights the product from), "left", "right" or "front"
 * @param shadow  "contact" or "none"
 * @param person  a generated person holds the product (the model studio): the seller's choices of model go into the prompt
 */
public record MockupTemplate(String id, String name, String version, String prompt, double centreX, double centreY, double fill,
                             String camera, String light, String shadow, boolean person) {
    public MockupTemplate {
        if (!(centreX > 0 && centreX < 1 && centreY > 0 && centreY < 1 && fill > 0 && fill < 1)) {
            throw new IllegalArgumentException("mockup " + id + ": centreX, centreY and fill lie in (0, 1)");
        }
        if (!List.of("match", "left", "right", "front").contains(light) || !List.of("contact", "none").contains(shadow)) {
            throw new IllegalArgumentException("mockup " + id + ": light is match, left, right or front; shadow is contact or none");
        }
    }

    /** "kitchen-counter@1": what a scene version records. */
    public String versionedId() {
        return id + "@" + version;
    }

    /** The bundled library. */
    public static Map<String, MockupTemplate> bundled() {
        try (InputStream in = MockupTemplate.class.getResourceAsStream("mockups.json")) {
            if (in == null) {
                throw new IllegalStateException("mockups.json is not on the classpath");
            }
            Map<String, MockupTemplate> out = new LinkedHashMap<>();
            for (JsonNode t : new ObjectMapper().readTree(in).path("templates")) {
                JsonNode c = t.path("composition");
                MockupTemplate m = new MockupTemplate(t.path("id").asText(), t.path("name").asText(), t.path("version").asText("1"),
                        t.path("prompt").asText(), c.path("centreX").asDouble(0.5), c.path("centreY").asDouble(0.5), c.path("fill").asDouble(0.5),
                        c.path("camera").asText("at eye level"), t.path("light").asText("match"), t.path("shadow").asText("contact"),
                        t.path("person").asBoolean(false));
                if (out.put(m.id(), m) != null) {
                    throw new IllegalStateException("mockups.json: duplicate template " + m.id());
                }
            }
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mockups.json", e);
        }
    }

    /** The template a scene preset names, or an error that lists the ones there are. */
    static MockupTemplate of(Map<String, MockupTemplate> library, String presetId, String id) {
        MockupTemplate t = library.get(id);
        if (t == null) {
            throw new InvalidInputException("Preset '" + presetId + "' names the mockup template '" + id + "', which does not exist",
                    "use one of " + String.join(", ", library.keySet().stream().sorted().toList()));
        }
        return t;
    }
}
