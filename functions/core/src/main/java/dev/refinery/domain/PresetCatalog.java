package dev.refinery.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The presets, read once from a JSON document (the bundled {@code presets.json} by default). */
public final class PresetCatalog {

    private final Map<String, Preset> presets;

    private PresetCatalog(Map<String, Preset> presets) {
        this.presets = presets;
    }

    public static PresetCatalog bundled() {
        try (InputStream in = PresetCatalog.class.getResourceAsStream("/presets.json")) {
            if (in == null) {
                throw new IllegalStateException("presets.json is missing from the classpath");
            }
            return fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PresetCatalog fromJson(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        Map<String, Preset> map = new LinkedHashMap<>();
        for (JsonNode p : root.path("presets")) {
            Preset preset = parse(p);
            if (map.put(preset.id(), preset) != null) {
                throw new IllegalArgumentException("duplicate preset id " + preset.id());
            }
        }
        return new PresetCatalog(Map.copyOf(map));
    }

    private static Preset parse(JsonNode p) {
        String id = p.path("id").asText();
        JsonNode bg = p.path("background");
        Preset.Backdrop.Kind kind = Preset.Backdrop.Kind.valueOf(bg.path("kind").asText("white").toUpperCase());
        int rgb = 0xFFFFFF;
        if (bg.has("rgb")) {
            JsonNode c = bg.get("rgb");
            rgb = (c.get(0).asInt() << 16) | (c.get(1).asInt() << 8) | c.get(2).asInt();
        }
        JsonNode fill = p.path("fill");
        Map<Stage, String> engines = new EnumMap<>(Stage.class);
        p.path("engines").fields().forEachRemaining(e -> engines.put(Stage.fromId(e.getKey()), e.getValue().asText()));
        return new Preset(
                id,
                p.path("name").asText(id),
                p.path("canvas").path("width").asInt(),
                p.path("canvas").path("height").asInt(),
                ImageFormat.parse(p.path("format").asText("jpeg")),
                p.path("quality").asInt(90),
                p.path("maxBytes").asLong(10_000_000L),
                p.path("minLongSide").asInt(500),
                new Preset.Backdrop(kind, rgb, bg.path("minPureShare").asDouble(0)),
                new Preset.FillRule(fill.path("min").asDouble(), fill.path("max").asDouble(), fill.path("target").asDouble()),
                p.path("centreTolerance").asDouble(0.02),
                p.path("minSharpness").asDouble(0),
                p.path("maxDeltaE").asDouble(3.0),
                p.path("shadow").asBoolean(false),
                p.path("requiresAi").asBoolean(false),
                engines,
                p.path("rules").asText(""),
                cutout(id, p.path("cutout").asText("classic")),
                p.hasNonNull("mockup") ? p.get("mockup").asText() : null,
                studio(id, p.hasNonNull("studio") ? p.get("studio").asText() : null));
    }

    private static String studio(String id, String value) {
        if (value != null && !value.equals(Preset.GHOST_MANNEQUIN)) {
            throw new IllegalArgumentException("preset " + id + ": studio is \"" + Preset.GHOST_MANNEQUIN + "\" or absent, not \"" + value + "\"");
        }
        return value;
    }

    private static Preset.Cutout cutout(String id, String value) {
        return switch (value) {
            case "classic" -> Preset.Cutout.CLASSIC;
            case "ai" -> Preset.Cutout.AI;
            default -> throw new IllegalArgumentException("preset " + id + ": cutout is \"classic\" or \"ai\", not \"" + value + "\"");
        };
    }

    public Preset get(String id) {
        Preset p = presets.get(id);
        if (p == null) {
            throw new UnknownPresetException(id, ids());
        }
        return p;
    }

    /** Parses a comma-separated list ("amazon-main,walmart"), failing on the first unknown id. */
    public List<Preset> resolve(String commaSeparated) {
        List<Preset> out = new ArrayList<>();
        for (String id : commaSeparated.split(",")) {
            String trimmed = id.trim();
            if (!trimmed.isEmpty()) {
                Preset p = get(trimmed);
                if (!out.contains(p)) {
                    out.add(p);
                }
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("No preset given", "use one of: " + String.join(", ", ids()));
        }
        return out;
    }

    public List<String> ids() {
        return presets.keySet().stream().sorted().toList();
    }

    public List<Preset> all() {
        return ids().stream().map(presets::get).toList();
    }
}
