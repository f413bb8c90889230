package dev.refinery.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Output settings per preset (data: the bundled {@code output-settings.json} or a file named by
 * configuration). A scene is made for one preset and uses that preset's {@code scene} entry, else
 * the default {@code scene}; the shared master stages serve every target preset of a session and
 * use the {@code master} entry of the session's first preset that has one, else the default
 * {@code master}.
 */
public record OutputSettingsTable(OutputSettings master, OutputSettings scene,
                                  Map<String, OutputSettings> presetMaster, Map<String, OutputSettings> presetScene) {

    public OutputSettingsTable {
        presetMaster = Map.copyOf(presetMaster);
        presetScene = Map.copyOf(presetScene);
    }

    public static OutputSettingsTable bundled() {
        try (InputStream in = OutputSettingsTable.class.getResourceAsStream("output-settings.json")) {
            if (in == null) {
                throw new IllegalStateException("dev/refinery/openai/output-settings.json is missing from the classpath");
            }
            return parse(in, "bundled output-settings.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static OutputSettingsTable fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the output settings " + file + ": " + e.getMessage(), e);
        }
    }

    static OutputSettingsTable parse(InputStream json, String source) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        try {
            OutputSettings master = settings(root.path("master"));
            OutputSettings scene = settings(root.path("scene"));
            Map<String, OutputSettings> presetMaster = new LinkedHashMap<>();
            Map<String, OutputSettings> presetScene = new LinkedHashMap<>();
            root.path("presets").fields().forEachRemaining(e -> {
                JsonNode p = e.getValue();
                if (!p.has("master") && !p.has("scene")) {
                    throw new IllegalArgumentException("preset " + e.getKey() + " needs a \"master\" or a \"scene\" entry");
                }
                if (p.has("master")) {
                    presetMaster.put(e.getKey(), settings(p.get("master")));
                }
                if (p.has("scene")) {
                    presetScene.put(e.getKey(), settings(p.get("scene")));
                }
            });
            return new OutputSettingsTable(master, scene, presetMaster, presetScene);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("output settings " + source + ": " + e.getMessage(), e);
        }
    }

    private static OutputSettings settings(JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("settings entries must be objects with quality, format and compression");
        }
        return new OutputSettings(n.path("quality").asText("high"), n.path("format").asText("png"), n.path("compression").asInt(-1));
    }

    public OutputSettings forMaster(List<String> sessionPresets) {
        for (String id : sessionPresets) {
            OutputSettings s = presetMaster.get(id);
            if (s != null) {
                return s;
            }
        }
        return master;
    }

    public OutputSettings forScene(String presetId) {
        return presetScene.getOrDefault(presetId, scene);
    }

    /** Every entry with its quality replaced (a global override such as REFINERY_OPENAI_QUALITY=low for cheap trial runs). */
    public OutputSettingsTable withQuality(String quality) {
        Map<String, OutputSettings> m = new LinkedHashMap<>();
        Map<String, OutputSettings> sc = new LinkedHashMap<>();
        presetMaster.forEach((k, v) -> m.put(k, v.withQuality(quality)));
        presetScene.forEach((k, v) -> sc.put(k, v.withQuality(quality)));
        return new OutputSettingsTable(master.withQuality(quality), scene.withQuality(quality), m, sc);
    }
}
