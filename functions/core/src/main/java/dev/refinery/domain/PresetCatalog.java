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

/**
 * The presets, read once from a JSON document (the bundled {@code presets.json} by default), and each tenant's
 * {@code brand-site} preset made from its brand kit ({@link BrandKit}): {@link #get(String, String)} and
 * {@link #resolve(String, String)} know the tenant; {@code brand-site} is the kit's current version,
 * {@code brand-site@3} its version 3.
 */
public final class PresetCatalog {

    private final Map<String, Preset> presets;
    private final BrandKit.Lookup brandKits;

    private PresetCatalog(Map<String, Preset> presets, BrandKit.Lookup brandKits) {
        this.presets = presets;
        this.brandKits = brandKits;
    }

    /** The same presets, with the tenants' brand kits read from {@code kits} (the table in AWS, H2 locally). */
    public PresetCatalog withBrandKits(BrandKit.Lookup kits) {
        return new PresetCatalog(presets, java.util.Objects.requireNonNull(kits, "kits"));
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
        return new PresetCatalog(Map.copyOf(map), BrandKit.Lookup.NONE);
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

    /**
     * A preset for a tenant's session: a bundled one, or its brand kit's ({@code brand-site} the current version,
     * {@code brand-site@N} version N).
     */
    public Preset get(String tenant, String id) {
        return get(tenant, id, Map.of());
    }

    /** As {@link #get(String, String)}, for a product with these facts (the brand kit's true scale reads its size). */
    public Preset get(String tenant, String id, Map<String, String> facts) {
        if (!BrandKit.isPreset(id)) {
            return get(id);
        }
        if (id.equals(BrandKit.PRESET)) {
            return brandKits.current(tenant).map(k -> k.preset(facts)).orElseThrow(() -> new InvalidInputException(
                    "Tenant " + tenant + " has no brand kit, which the brand-site preset is made from",
                    "set one first (PUT /brand-kit: background, margin, canvas, format), or choose a marketplace preset"));
        }
        int version;
        try {
            version = Integer.parseInt(id.substring(BrandKit.PRESET.length() + 1));
        } catch (NumberFormatException e) {
            throw new UnknownPresetException(id, ids());
        }
        return brandKits.version(tenant, version).map(k -> k.preset(facts)).orElseThrow(() -> new InvalidInputException(
                "Tenant " + tenant + " has no brand kit version " + version, "ask for brand-site (the kit's current version)"));
    }

    /** Parses a comma-separated list ("amazon-main,walmart"), failing on the first unknown id. */
    public List<Preset> resolve(String commaSeparated) {
        return resolve(null, commaSeparated);
    }

    /** As {@link #resolve(String)}, for a tenant: {@code brand-site} is its brand kit's current version. */
    public List<Preset> resolve(String tenant, String commaSeparated) {
        return resolve(tenant, commaSeparated, Map.of());
    }

    /** As {@link #resolve(String, String)}, for a product with these facts. */
    public List<Preset> resolve(String tenant, String commaSeparated, Map<String, String> facts) {
        List<Preset> out = new ArrayList<>();
        for (String id : commaSeparated.split(",")) {
            String trimmed = id.trim();
            if (!trimmed.isEmpty()) {
                Preset p = tenant == null ? get(trimmed) : get(tenant, trimmed, facts);
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
